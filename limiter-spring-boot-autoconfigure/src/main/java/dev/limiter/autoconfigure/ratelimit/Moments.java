package dev.limiter.autoconfigure.ratelimit;

/**
 * Moments on a {@code TimeSource}, added to without wrapping: a wait or a debt that would
 * reach past the end of the clock sticks at its end, which keeps a limiter closed rather
 * than open.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class Moments {

	private Moments() {
	}

	/**
	 * {@code now + nanos} for {@code nanos} of 0 or more, at most {@link Long#MAX_VALUE}.
	 */
	static long after(long now, long nanos) {
		return (nanos > Long.MAX_VALUE - now) ? Long.MAX_VALUE : now + nanos;
	}

}
