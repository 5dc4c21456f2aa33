package dev.limiter.autoconfigure.ratelimit;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidRateLimitException} at startup as what is wrong, where, and how to fix
 * it.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
class InvalidRateLimitFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRateLimitException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidRateLimitException cause) {
		return new FailureAnalysis("Invalid rate limit at " + cause.getSource() + ": " + cause.getProblem() + ".",
				cause.getAction() + ".", cause);
	}

}
