package dev.limiter.core;

/**
 * What a thread does after losing a compare-and-set on a limiter's state.
 *
 * <p>
 * Two threads granting permits on one limiter run the same short loop; retrying at once
 * makes them collide again and again. Spinning 4, 8, 16, … up to 256 pause instructions
 * after each collision lets one finish while the other waits a few dozen nanoseconds. A
 * thread that keeps losing is likely waiting for a writer that was descheduled mid-update
 * (more threads than cores), so after {@value #YIELD_AFTER_COLLISIONS} collisions it
 * yields its core instead of burning it. Nothing parks and nothing allocates.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class Backoff {

	private static final int FIRST_DOUBLING = 2;

	private static final int MAX_DOUBLINGS = 8;

	private static final int YIELD_AFTER_COLLISIONS = 16;

	private Backoff() {
	}

	static void spin(int collisions) {
		if (collisions >= YIELD_AFTER_COLLISIONS) {
			Thread.yield();
			return;
		}
		for (int i = 1 << Math.min(collisions + FIRST_DOUBLING, MAX_DOUBLINGS); i > 0; i--) {
			Thread.onSpinWait();
		}
	}

}
