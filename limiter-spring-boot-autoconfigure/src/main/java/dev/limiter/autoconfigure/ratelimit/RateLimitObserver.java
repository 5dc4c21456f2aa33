package dev.limiter.autoconfigure.ratelimit;

import java.lang.reflect.Method;

import dev.limiter.core.RateLimiter;

/**
 * Told about every limit that admitted a call, after the call was admitted and before it
 * runs; the web integration uses it to add the {@code RateLimit-Policy} and
 * {@code RateLimit} fields to the response.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@FunctionalInterface
public interface RateLimitObserver {

	/**
	 * Called for each limit that admitted a call.
	 * @param method the method called, as its class declares it
	 * @param settings the limit's settings
	 * @param limiter the limiter that admitted it (the shared one, or the client key's)
	 */
	void admitted(Method method, RateLimitSettings settings, RateLimiter limiter);

}
