package dev.limiter.core;

/**
 * Nanosecond arithmetic that sticks at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}
 * instead of wrapping around.
 *
 * <p>
 * A limiter adds costs to a time stamp. A huge permit count, a tiny rate or a clock near
 * the end of its range would make a plain {@code long} wrap to a time in the distant
 * past, which would grant everything; saturating keeps such a limiter closed instead.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class Saturated {

	private Saturated() {
	}

	static long add(long a, long b) {
		long sum = a + b;
		// Overflow happened if both operands have the sign opposite to the result's.
		if (((a ^ sum) & (b ^ sum)) < 0) {
			return (sum < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
		}
		return sum;
	}

	static long subtract(long a, long b) {
		long difference = a - b;
		// Overflow happened if the operands differ in sign and the result's sign differs
		// from a's.
		if (((a ^ b) & (a ^ difference)) < 0) {
			return (difference < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
		}
		return difference;
	}

}
