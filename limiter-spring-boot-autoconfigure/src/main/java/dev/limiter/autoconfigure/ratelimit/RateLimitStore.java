package dev.limiter.autoconfigure.ratelimit;

/**
 * Where a rate limit keeps its state.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public enum RateLimitStore {

	/** In this instance's memory: each instance admits the whole rate. */
	MEMORY,

	/**
	 * In Redis, shared by every instance of the service: the rate holds for all of them
	 * together (needs Spring Data Redis and limiter-redis on the class path, and a Redis
	 * connection).
	 */
	REDIS

}
