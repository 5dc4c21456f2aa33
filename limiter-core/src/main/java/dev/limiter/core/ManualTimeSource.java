package dev.limiter.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that moves only when told to, for exact and instant timing tests.
 *
 * <p>
 * Time starts at zero (or at a given reading) and moves forward by
 * {@link #advance(Duration)}, which stands for the test letting time pass, and by
 * {@link #sleepNanos(long)}, which stands for a limiter making its caller wait: a sleep
 * returns at once, moves the time on by the full amount and is recorded, so a test can
 * assert the exact waits a limiter imposed.
 *
 * <pre>{@code
 * ManualTimeSource time = new ManualTimeSource();
 * RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2), time);
 * limiter.acquire(1);
 * limiter.acquire(1);
 * assertThat(time.takeSleeps()).containsExactly(Duration.ofMillis(500));
 * }</pre>
 *
 * <p>
 * A {@link #delayedExecutor(long) delayed task} is treated like a sleep: the time moves
 * on by the delay, the delay is recorded, and the task runs at once on the calling
 * thread.
 *
 * <p>
 * A {@link #schedule(long, Runnable) scheduled task} is a deadline: it runs on the thread
 * that advances the time to or past it, in the order of the deadlines, and never if it
 * was cancelled before.
 *
 * <p>
 * Thread-safe: the time is one atomic value; sleeps and scheduled tasks are kept under
 * locks.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class ManualTimeSource implements TimeSource {

	private final AtomicLong nanos;

	private final List<Duration> sleeps = new ArrayList<>();

	/** Scheduled tasks by deadline, then by order of scheduling. */
	private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();

	private long scheduled;

	/**
	 * Creates a time source that reads zero.
	 */
	public ManualTimeSource() {
		this(0);
	}

	/**
	 * Creates a time source with the given first reading, for example one near
	 * {@link Long#MAX_VALUE} to test arithmetic at the end of the clock.
	 * @param startNanos the first reading, in nanoseconds
	 */
	public ManualTimeSource(long startNanos) {
		this.nanos = new AtomicLong(startNanos);
	}

	@Override
	public long nanoTime() {
		return this.nanos.get();
	}

	/**
	 * Records the sleep and moves the time on by {@code nanos} (saturating at
	 * {@link Long#MAX_VALUE}), without blocking.
	 * @throws InterruptedException if the calling thread is interrupted, in which case no
	 * time passes and nothing is recorded
	 */
	@Override
	public void sleepNanos(long nanos) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		if (nanos <= 0) {
			return;
		}
		record(nanos);
		advanceNanos(nanos);
	}

	private void record(long sleepNanos) {
		synchronized (this.sleeps) {
			this.sleeps.add(Duration.ofNanos(sleepNanos));
		}
	}

	/**
	 * Returns an executor that records the delay as a sleep, moves the time on by it and
	 * runs the task at once on the calling thread.
	 */
	@Override
	public Executor delayedExecutor(long delayNanos) {
		return (task) -> {
			if (delayNanos > 0) {
				record(delayNanos);
				advanceNanos(delayNanos);
			}
			task.run();
		};
	}

	/**
	 * Lets time pass.
	 * @param duration how much time passes; must not be negative
	 * @throws IllegalArgumentException if {@code duration} is negative
	 */
	public void advance(Duration duration) {
		Objects.requireNonNull(duration, "duration must not be null");
		advanceNanos(Durations.toNanosSaturated(duration));
	}

	/**
	 * Lets time pass, saturating at {@link Long#MAX_VALUE}.
	 * @param nanos how many nanoseconds pass; must not be negative
	 * @throws IllegalArgumentException if {@code nanos} is negative
	 */
	public void advanceNanos(long nanos) {
		if (nanos < 0) {
			throw new IllegalArgumentException(
					"Time can only move forward, but was asked to advance by " + nanos + " ns");
		}
		long now = this.nanos.accumulateAndGet(nanos, Saturated::add);
		runDue(now);
	}

	/**
	 * Runs the task when the time is advanced to or past {@code delayNanos} from now (at
	 * once, on this thread, for a delay of 0 or less).
	 */
	@Override
	public Future<?> schedule(long delayNanos, Runnable task) {
		Objects.requireNonNull(task, "task must not be null");
		FutureTask<Void> pending = new FutureTask<>(task, null);
		long now = nanoTime();
		synchronized (this.deadlines) {
			this.deadlines.add(new Deadline(Saturated.add(now, Math.max(0, delayNanos)), this.scheduled++, pending));
		}
		runDue(nanoTime());
		return pending;
	}

	/** Runs the tasks whose deadline has come, outside the lock, earliest first. */
	private void runDue(long now) {
		while (true) {
			Deadline due;
			synchronized (this.deadlines) {
				Deadline first = this.deadlines.peek();
				if (first == null || first.atNanos() > now) {
					return;
				}
				due = this.deadlines.poll();
			}
			due.task().run();
		}
	}

	/**
	 * Returns the sleeps recorded so far, oldest first.
	 * @return an immutable copy of the recorded sleeps
	 */
	public List<Duration> sleeps() {
		synchronized (this.sleeps) {
			return List.copyOf(this.sleeps);
		}
	}

	/**
	 * Returns the sleeps recorded so far and forgets them, so that the next call returns
	 * only what happened in between.
	 * @return the recorded sleeps, oldest first
	 */
	public List<Duration> takeSleeps() {
		synchronized (this.sleeps) {
			List<Duration> taken = List.copyOf(this.sleeps);
			this.sleeps.clear();
			return taken;
		}
	}

	private record Deadline(long atNanos, long order, FutureTask<Void> task) implements Comparable<Deadline> {

		@Override
		public int compareTo(Deadline other) {
			int byTime = Long.compare(this.atNanos, other.atNanos);
			return (byTime != 0) ? byTime : Long.compare(this.order, other.order);
		}

	}

}
