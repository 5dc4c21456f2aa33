package com.google.common.util.concurrent;

import java.util.concurrent.TimeUnit;

/**
 * Guava's {@link RateLimiter} on a fake clock, the oracle for our differential tests.
 *
 * <p>
 * Lives in Guava's package because the factories that take a {@code SleepingStopwatch}
 * are package-private. Time is in microseconds, as Guava counts it; a sleep moves the
 * fake time on.
 */
public final class GuavaOracle {

	private final FakeStopwatch stopwatch = new FakeStopwatch();

	private final RateLimiter limiter;

	private GuavaOracle(java.util.function.Function<RateLimiter.SleepingStopwatch, RateLimiter> factory) {
		this.limiter = factory.apply(this.stopwatch);
	}

	public static GuavaOracle bursty(double permitsPerSecond, double maxBurstSeconds) {
		return new GuavaOracle((stopwatch) -> {
			RateLimiter limiter = new SmoothRateLimiter.SmoothBursty(stopwatch, maxBurstSeconds);
			limiter.setRate(permitsPerSecond);
			return limiter;
		});
	}

	public static GuavaOracle warmingUp(double permitsPerSecond, long warmupMicros, double coldFactor) {
		return new GuavaOracle((stopwatch) -> RateLimiter.create(permitsPerSecond, warmupMicros, TimeUnit.MICROSECONDS,
				coldFactor, stopwatch));
	}

	public RateLimiter limiter() {
		return this.limiter;
	}

	public long nowMicros() {
		return this.stopwatch.micros;
	}

	/** How long a request made now would wait, in microseconds. */
	public long waitMicros() {
		return Math.max(0, this.limiter.queryEarliestAvailable(this.stopwatch.micros) - this.stopwatch.micros);
	}

	public void advanceMicros(long micros) {
		this.stopwatch.micros += micros;
	}

	private static final class FakeStopwatch extends RateLimiter.SleepingStopwatch {

		private long micros;

		@Override
		protected long readMicros() {
			return this.micros;
		}

		@Override
		protected void sleepMicrosUninterruptibly(long micros) {
			if (micros > 0) {
				this.micros += micros;
			}
		}

	}

}
