package dev.limiter.core;

/**
 * How warm a limiter is, read from its stored permits.
 *
 * @author The limiter authors
 * @since 0.1.0
 * @see RateLimiterSnapshot#phase()
 */
public enum WarmupPhase {

	/**
	 * Stored permits are at their maximum: a warming-up limiter hands out its next permit
	 * at {@code coldFactor} times the stable interval.
	 */
	COLD,

	/**
	 * Stored permits are above the threshold: permits cost more than the stable interval,
	 * less with every permit taken.
	 */
	WARMING,

	/**
	 * Stored permits are at or below the threshold: permits cost the stable interval (a
	 * bursty limiter is always warm, and its stored permits are free).
	 */
	WARM

}
