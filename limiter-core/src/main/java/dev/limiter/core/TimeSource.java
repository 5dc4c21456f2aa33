package dev.limiter.core;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A monotonic clock and a way to wait on it: everything a limiter needs to know about
 * time.
 *
 * <p>
 * Limiters never read the wall clock or call {@link Thread#sleep} themselves, so a test
 * (ours or a user's) can pass a {@link ManualTimeSource} and check exact waits without
 * sleeping. Production code uses {@link #system()}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public interface TimeSource {

	/**
	 * Returns the current time in nanoseconds. Only differences between two readings of
	 * the same source mean anything; readings never go backwards.
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
	 * Waits for the given time to pass, carrying on through interrupts; an interrupt is
	 * kept as the thread's interrupt status. For waits that must complete, such as one
	 * whose permits are already paid for.
	 * @param nanos how long to wait, in nanoseconds; zero or less returns at once
	 */
	default void sleepUninterruptibly(long nanos) {
		if (nanos <= 0) {
			return;
		}
		boolean interrupted = false;
		long end = Saturated.add(nanoTime(), nanos);
		long remaining = nanos;
		try {
			while (remaining > 0) {
				try {
					sleepNanos(remaining);
					return;
				}
				catch (InterruptedException ex) {
					interrupted = true;
					remaining = end - nanoTime();
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Returns an executor that runs each task once the given time has passed, without
	 * blocking the caller: how an asynchronous caller waits for a permit. The default
	 * runs the task on one daemon thread of the limiter's own ({@code limiter-delay}), so
	 * a task must be short: hand the real work on to an executor. It is not the common
	 * pool (which on a machine with two CPUs or fewer starts a new thread per task), nor
	 * the JVM-wide thread behind
	 * {@link java.util.concurrent.CompletableFuture#delayedExecutor}, which a task
	 * blocking on a throttled executor would stall for every {@code orTimeout} in the
	 * process.
	 * @param delayNanos how long to wait before running, in nanoseconds
	 * @return the executor
	 */
	default Executor delayedExecutor(long delayNanos) {
		return (task) -> DelayScheduler.INSTANCE.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Runs a task once the given time has passed, unless it is cancelled first: how a
	 * bounded wait for something another thread hands over (a concurrency slot) ends.
	 * Unlike {@link #delayedExecutor(long)}, which stands for the caller waiting, this
	 * stands for a deadline that may never be reached: a {@link ManualTimeSource} runs
	 * the task only once it is advanced past the deadline. The default runs it on the
	 * {@code limiter-delay} thread, so a task must be short.
	 * @param delayNanos how long to wait before running, in nanoseconds
	 * @param task what to run
	 * @return the pending task, which {@link Future#cancel(boolean) cancel} stops
	 */
	default Future<?> schedule(long delayNanos, Runnable task) {
		return DelayScheduler.INSTANCE.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Returns the time source backed by {@link System#nanoTime()} and
	 * {@link Thread#sleep}.
	 * @return the system time source
	 */
	static TimeSource system() {
		return SystemTimeSource.INSTANCE;
	}

}
