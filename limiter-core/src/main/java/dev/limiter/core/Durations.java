package dev.limiter.core;

import java.time.Duration;

/**
 * Conversions of {@link Duration}, and sums of moments and waits, that never throw or
 * wrap.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Converts a duration to nanoseconds, saturating at {@link Long#MAX_VALUE} and
	 * {@link Long#MIN_VALUE} for durations longer than about 292 years, where
	 * {@link Duration#toNanos()} throws {@link ArithmeticException}. A configured timeout
	 * or a server's {@code Retry-After} can be that long.
	 * @param duration the duration
	 * @return the duration in nanoseconds
	 */
	public static long toNanosSaturated(Duration duration) {
		if (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
			return Long.MAX_VALUE;
		}
		if (duration.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
			return Long.MIN_VALUE;
		}
		return duration.toNanos();
	}

	/**
	 * Returns the moment {@code nanos} after {@code now} on a {@link TimeSource}, at most
	 * {@link Long#MAX_VALUE}: a wait or a debt that would reach past the end of the clock
	 * sticks at its end, which keeps a limiter closed rather than open.
	 * @param now a reading of the time source
	 * @param nanos 0 or more
	 * @return {@code now + nanos}, saturated
	 */
	public static long momentAfter(long now, long nanos) {
		return (nanos > Long.MAX_VALUE - now) ? Long.MAX_VALUE : now + nanos;
	}

}
