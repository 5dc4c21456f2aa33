package com.google.common.util.concurrent;

import java.util.concurrent.TimeUnit;

/**
 * Guava's warming-up {@link RateLimiter} on a clock the caller moves, for replaying a
 * request stream against it ({@code WarmupChart}). In Guava's package because the factory
 * that takes a {@code SleepingStopwatch} is package-private; time is in microseconds, as
 * Guava counts it.
 */
public final class GuavaOnFakeClock {

	private final FakeStopwatch stopwatch = new FakeStopwatch();

	private final RateLimiter limiter;

	/**
	 * Creates Guava's {@code SmoothWarmingUp}.
	 * @param permitsPerSecond the stable rate
	 * @param warmupMicros the warm-up period
	 * @param coldFactor how many times slower a cold limiter starts
	 */
	public GuavaOnFakeClock(double permitsPerSecond, long warmupMicros, double coldFactor) {
		this.limiter = RateLimiter.create(permitsPerSecond, warmupMicros, TimeUnit.MICROSECONDS, coldFactor,
				this.stopwatch);
	}

	/**
	 * Takes a permit if one is free now, as {@link RateLimiter#tryAcquire()} does.
	 * @return whether it was
	 */
	public boolean tryAcquire() {
		return this.limiter.tryAcquire();
	}

	/**
	 * Moves the clock to a moment.
	 * @param micros the moment, in microseconds from the start
	 */
	public void setMicros(long micros) {
		this.stopwatch.micros = micros;
	}

	private static final class FakeStopwatch extends RateLimiter.SleepingStopwatch {

		private long micros;

		@Override
		protected long readMicros() {
			return this.micros;
		}

		@Override
		protected void sleepMicrosUninterruptibly(long micros) {
			this.micros += Math.max(0, micros);
		}

	}

}
