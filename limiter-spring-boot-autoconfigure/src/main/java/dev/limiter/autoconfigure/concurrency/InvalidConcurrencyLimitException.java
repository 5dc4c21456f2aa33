package dev.limiter.autoconfigure.concurrency;

import dev.limiter.autoconfigure.InvalidConfigurationException;

/**
 * A cap on calls in flight that cannot work as configured: a bad value under
 * {@code limiter.concurrency-limits}, or a {@code @ConcurrencyLimited} annotation that
 * names an unknown limit.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class InvalidConcurrencyLimitException extends InvalidConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param source where the problem is
	 * @param problem what is wrong, naming the bad value
	 * @param action how to fix it, naming what is allowed
	 */
	public InvalidConcurrencyLimitException(String source, String problem, String action) {
		super(source, problem, action);
	}

	@Override
	public String getKind() {
		return "concurrency limit";
	}

	@Override
	public InvalidConcurrencyLimitException withSourcePrefix(String prefix) {
		return new InvalidConcurrencyLimitException(prefix + getSource(), getProblem(), getAction());
	}

}
