package dev.limiter.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link RateLimiter} enforces: a stable rate, and either a burst of idle capacity
 * that is handed out for free ({@link Bursty}) or a warm-up that makes a cold limiter
 * start slow ({@link WarmingUp}).
 *
 * <p>
 * Every value is checked when the configuration is made, and a bad one is rejected with
 * an {@link IllegalArgumentException} that names it and says what is allowed:
 *
 * <pre>{@code
 * RateLimiterConfig search = RateLimiterConfig.warmingUp(10, Duration.ofSeconds(3));
 * RateLimiterConfig api = RateLimiterConfig.bursty(100, Duration.ofSeconds(2));
 * }</pre>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public sealed interface RateLimiterConfig permits RateLimiterConfig.Bursty, RateLimiterConfig.WarmingUp {

	/**
	 * The idle capacity a bursty limiter stores when none is given: one second's worth of
	 * permits, as in Guava.
	 */
	Duration DEFAULT_MAX_BURST = Duration.ofSeconds(1);

	/**
	 * The cold factor of a warming-up limiter when none is given: a cold limiter starts
	 * at a third of its stable rate, as in Guava.
	 */
	double DEFAULT_COLD_FACTOR = 3.0;

	/**
	 * The highest stable rate: one permit per nanosecond, the resolution of the clock the
	 * limiters run on. Above it single permits would cost nothing (Guava has the same
	 * trap at one per microsecond).
	 */
	double MAX_PERMITS_PER_SECOND = 1e9;

	/**
	 * The lowest stable rate: one permit in 1e9 seconds (about 31.7 years). Its interval,
	 * 1e18 nanoseconds, still fits a {@code long} clock nine times over; below it one
	 * permit would cost more time than the clock can count (a rate of 1e-300 would make
	 * the interval infinite and the warm-up curve NaN).
	 */
	double MIN_PERMITS_PER_SECOND = 1e-9;

	/**
	 * The highest cold factor: a cold limiter a million times slower than its rate.
	 * Beyond about 4e16 the warm-up part of the store would be narrower than one unit in
	 * the last place of the threshold and the warm-up would vanish, so a larger factor
	 * would make a cold limiter less strict, not more.
	 */
	double MAX_COLD_FACTOR = 1e6;

	/**
	 * Returns the stable rate.
	 * @return the stable rate, in permits per second
	 */
	double permitsPerSecond();

	/**
	 * Returns a copy of this configuration with another stable rate.
	 * @param permitsPerSecond the new rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @return the new configuration
	 * @throws IllegalArgumentException if the rate is out of range
	 */
	RateLimiterConfig withPermitsPerSecond(double permitsPerSecond);

	/**
	 * A smooth bursty limit that stores up to {@link #DEFAULT_MAX_BURST one second} of
	 * idle capacity.
	 * @param permitsPerSecond the stable rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @return the configuration
	 */
	static Bursty bursty(double permitsPerSecond) {
		return new Bursty(permitsPerSecond, DEFAULT_MAX_BURST);
	}

	/**
	 * A smooth bursty limit.
	 * @param permitsPerSecond the stable rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @param maxBurst how long idle time is remembered as stored permits; zero or more
	 * @return the configuration
	 */
	static Bursty bursty(double permitsPerSecond, Duration maxBurst) {
		return new Bursty(permitsPerSecond, maxBurst);
	}

	/**
	 * A warming-up limit with the {@link #DEFAULT_COLD_FACTOR default cold factor} of 3.
	 * @param permitsPerSecond the stable rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @param warmup how long a cold limiter takes to reach the stable rate; positive
	 * @return the configuration
	 */
	static WarmingUp warmingUp(double permitsPerSecond, Duration warmup) {
		return new WarmingUp(permitsPerSecond, warmup, DEFAULT_COLD_FACTOR);
	}

	/**
	 * A warming-up limit.
	 * @param permitsPerSecond the stable rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @param warmup how long a cold limiter takes to reach the stable rate; positive
	 * @param coldFactor how many times the stable interval a cold limiter waits between
	 * permits; from 1 to {@link #MAX_COLD_FACTOR}
	 * @return the configuration
	 */
	static WarmingUp warmingUp(double permitsPerSecond, Duration warmup, double coldFactor) {
		return new WarmingUp(permitsPerSecond, warmup, coldFactor);
	}

	/**
	 * A smooth bursty limit (Guava's {@code SmoothBursty}): permits come at a stable
	 * rate, and up to {@code maxBurst} of idle time is stored as permits that are handed
	 * out at once.
	 *
	 * @param permitsPerSecond the stable rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @param maxBurst how long idle time is remembered: at most {@code maxBurst × rate}
	 * permits are stored. Zero stores nothing, so even after a long pause permits come
	 * one interval apart
	 */
	record Bursty(double permitsPerSecond, Duration maxBurst) implements RateLimiterConfig {

		/**
		 * Checks the values.
		 * @throws IllegalArgumentException if the rate is out of range or the burst is
		 * negative
		 */
		public Bursty {
			checkRate(permitsPerSecond);
			Objects.requireNonNull(maxBurst, "maxBurst must not be null");
			if (maxBurst.isNegative()) {
				throw new IllegalArgumentException("maxBurst (" + maxBurst + ") must be zero or positive");
			}
		}

		@Override
		public Bursty withPermitsPerSecond(double permitsPerSecond) {
			return new Bursty(permitsPerSecond, this.maxBurst);
		}

	}

	/**
	 * A warming-up limit (Guava's {@code SmoothWarmingUp}): a cold limiter hands out
	 * permits {@code coldFactor} times slower than the stable rate and speeds up linearly
	 * while it is used, reaching the stable rate after {@code warmup}; an idle limiter
	 * cools down again over the same time.
	 *
	 * @param permitsPerSecond the stable rate; from {@link #MIN_PERMITS_PER_SECOND} to
	 * {@link #MAX_PERMITS_PER_SECOND}
	 * @param warmup how long a cold limiter takes to reach the stable rate; positive
	 * (Guava accepts zero, which silently stops limiting for good, Guava issue 2730)
	 * @param coldFactor how many times the stable interval a cold limiter waits between
	 * permits; from 1 (which keeps the warm-up period's bookkeeping but never slows down)
	 * to {@link #MAX_COLD_FACTOR}
	 */
	record WarmingUp(double permitsPerSecond, Duration warmup, double coldFactor) implements RateLimiterConfig {

		/**
		 * Checks the values.
		 * @throws IllegalArgumentException if the rate is out of range, the warm-up is
		 * not positive, or the cold factor is out of range
		 */
		public WarmingUp {
			checkRate(permitsPerSecond);
			Objects.requireNonNull(warmup, "warmup must not be null");
			if (warmup.isNegative() || warmup.isZero()) {
				throw new IllegalArgumentException("warmup (" + warmup + ") must be positive; "
						+ "for a limit without warm-up use a bursty limit");
			}
			if (!(coldFactor >= 1.0 && coldFactor <= MAX_COLD_FACTOR)) {
				throw new IllegalArgumentException(
						"coldFactor (" + coldFactor + ") must be from 1 to " + MAX_COLD_FACTOR);
			}
		}

		@Override
		public WarmingUp withPermitsPerSecond(double permitsPerSecond) {
			return new WarmingUp(permitsPerSecond, this.warmup, this.coldFactor);
		}

	}

	private static void checkRate(double permitsPerSecond) {
		if (!(permitsPerSecond >= MIN_PERMITS_PER_SECOND && permitsPerSecond <= MAX_PERMITS_PER_SECOND)) {
			throw new IllegalArgumentException("permitsPerSecond (" + permitsPerSecond + ") must be from "
					+ MIN_PERMITS_PER_SECOND + " (one permit in about 31.7 years) to " + MAX_PERMITS_PER_SECOND
					+ " (one permit per nanosecond)");
		}
	}

}
