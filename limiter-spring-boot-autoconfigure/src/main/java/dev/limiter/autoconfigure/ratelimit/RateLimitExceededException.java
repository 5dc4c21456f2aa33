package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;

import dev.limiter.core.Durations;

/**
 * A call that a rate limit rejected. In a Spring MVC request it becomes a
 * {@code 429 Too Many
 * Requests} with an exact {@code Retry-After}, unless the application handles it with its
 * own {@code @ExceptionHandler}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String limitName;

	private final int permits;

	private final Duration retryAfter;

	private final double permitsPerSecond;

	/**
	 * Creates an exception.
	 * @param limitName the name of the limit that rejected the call
	 * @param permits how many permits the call asked for
	 * @param retryAfter how long until the limit would admit the call, exactly
	 * @param permitsPerSecond the limit's stable rate
	 */
	public RateLimitExceededException(String limitName, int permits, Duration retryAfter, double permitsPerSecond) {
		super("Rate limit '" + limitName + "' exceeded: " + permits + (permits == 1 ? " permit" : " permits")
				+ " available in " + Durations.toNanosSaturated(retryAfter) / 1_000_000 + " ms");
		this.limitName = limitName;
		this.permits = permits;
		this.retryAfter = retryAfter;
		this.permitsPerSecond = permitsPerSecond;
	}

	/**
	 * Returns the name of the limit that rejected the call.
	 * @return the limit's name
	 */
	public String getLimitName() {
		return this.limitName;
	}

	/**
	 * Returns how many permits the call asked for.
	 * @return the permits
	 */
	public int getPermits() {
		return this.permits;
	}

	/**
	 * Returns how long until the limit would admit the call, as the limiter computed it
	 * (not rounded).
	 * @return the wait
	 */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Returns the limit's stable rate.
	 * @return permits per second
	 */
	public double getPermitsPerSecond() {
		return this.permitsPerSecond;
	}

}
