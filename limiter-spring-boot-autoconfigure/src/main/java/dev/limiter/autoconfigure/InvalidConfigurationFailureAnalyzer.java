package dev.limiter.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidConfigurationException} at startup as what is wrong, where,
 * and how to fix it.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis(
				"Invalid " + cause.getKind() + " at " + cause.getSource() + ": " + cause.getProblem() + ".",
				cause.getAction() + ".", cause);
	}

}
