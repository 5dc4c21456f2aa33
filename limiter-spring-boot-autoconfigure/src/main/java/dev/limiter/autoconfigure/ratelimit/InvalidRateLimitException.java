package dev.limiter.autoconfigure.ratelimit;

import dev.limiter.autoconfigure.InvalidConfigurationException;

/**
 * A rate limit that cannot work as configured: a bad value under
 * {@code limiter.rate-limits}, or a {@code @RateLimited} annotation that names an unknown
 * limit, holds an invalid key expression or contradicts itself.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class InvalidRateLimitException extends InvalidConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param source where the problem is
	 * @param problem what is wrong, naming the bad value
	 * @param action how to fix it, naming what is allowed
	 */
	public InvalidRateLimitException(String source, String problem, String action) {
		super(source, problem, action);
	}

	@Override
	public String getKind() {
		return "rate limit";
	}

	@Override
	public InvalidRateLimitException withSourcePrefix(String prefix) {
		return new InvalidRateLimitException(prefix + getSource(), getProblem(), getAction());
	}

}
