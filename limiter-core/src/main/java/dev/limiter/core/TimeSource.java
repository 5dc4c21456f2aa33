package dev.limiter.core;

/**
 * A monotonic clock and a way to wait on it: everything a limiter needs to know about time.
 *
 * <p>Limiters never read the wall clock or call {@link Thread#sleep} themselves, so a test (ours
 * or a user's) can pass a {@link ManualTimeSource} and check exact waits without sleeping.
 * Production code uses {@link #system()}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public interface TimeSource {

	/**
	 * Returns the current time in nanoseconds. Only differences between two readings of the same
	 * source mean anything; readings never go backwards.
	 * @return the current time in nanoseconds
	 */
	long nanoTime();

	/**
	 * Waits for the given time to pass on this source.
	 * @param nanos how long to wait, in nanoseconds; zero or less returns at once
	 * @throws InterruptedException if the calling thread is interrupted while waiting
	 */
	void sleepNanos(long nanos) throws InterruptedException;

	/**
	 * Returns the time source backed by {@link System#nanoTime()} and {@link Thread#sleep}.
	 * @return the system time source
	 */
	static TimeSource system() {
		return SystemTimeSource.INSTANCE;
	}

}
