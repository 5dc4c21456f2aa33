package dev.limiter.redis;

import org.jspecify.annotations.Nullable;

/**
 * Redis could not be reached for a rate limit decision that has no answer without it.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RedisUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what could not be done
	 * @param cause the failure, if any
	 */
	public RedisUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
