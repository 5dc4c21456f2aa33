package dev.limiter.autoconfigure.retry;

import dev.limiter.autoconfigure.InvalidConfigurationException;

/**
 * A retry policy that cannot work as configured: a bad value under
 * {@code limiter.retries}, or a {@code @Retried} annotation that names an unknown policy
 * or a recover method that does not fit.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class InvalidRetryPolicyException extends InvalidConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param source where the problem is
	 * @param problem what is wrong, naming the bad value
	 * @param action how to fix it, naming what is allowed
	 */
	public InvalidRetryPolicyException(String source, String problem, String action) {
		super(source, problem, action);
	}

	@Override
	public String getKind() {
		return "retry policy";
	}

	@Override
	public InvalidRetryPolicyException withSourcePrefix(String prefix) {
		return new InvalidRetryPolicyException(prefix + getSource(), getProblem(), getAction());
	}

}
