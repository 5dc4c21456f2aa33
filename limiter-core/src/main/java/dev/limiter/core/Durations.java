package dev.limiter.core;

import java.time.Duration;

/**
 * Conversions of {@link Duration} that never throw.
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

}
