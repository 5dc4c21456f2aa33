package dev.limiter.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import dev.limiter.core.TimeSource;

/**
 * How many retries a retry policy may spend, so that retrying can never become a retry
 * storm.
 *
 * <p>
 * Over any window of {@link #WINDOW} (ten seconds), retries may add at most {@code ratio}
 * times the first attempts made in that window, plus {@code minPerSecond} retries per
 * second so that a service with little traffic can still retry at all. With a downstream
 * that always fails, it therefore sees at most
 * {@code (1 + ratio) × calls + minPerSecond × seconds} attempts, instead of
 * {@code maxAttempts × calls}.
 *
 * <pre>{@code
 * RetryBudget budget = new RetryBudget(0.2, 10, TimeSource.system());
 * budget.recordCall();                  // on every first attempt
 * if (budget.tryRetry()) { retry(); }   // before every retry
 * }</pre>
 *
 * <p>
 * The window is ten one-second slots; a slot's counts are forgotten once it is ten
 * seconds old, so credit earned by a long healthy period cannot be spent all at once in a
 * later outage. Thread-safe. Recording a first attempt, which every call does, takes no
 * lock: it adds to the current second's striped counter, so calls on many threads do not
 * queue behind one another (issue 12: with a lock, {@code @Retried} cost 3.4 times as
 * much per call on two threads as on one). Spending a retry takes a short lock (no
 * {@code synchronized}, which pins virtual threads), so that two retries never both spend
 * the last one; a first attempt counted while a retry is being decided only adds to the
 * budget.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RetryBudget {

	/**
	 * The window over which retries are weighed against first attempts.
	 */
	public static final Duration WINDOW = Duration.ofSeconds(10);

	private static final int SLOTS = 10;

	private static final long SLOT_NANOS = WINDOW.toNanos() / SLOTS;

	private final double ratio;

	private final double minPerSecond;

	private final TimeSource timeSource;

	/** Held while a retry is weighed and spent. */
	private final ReentrantLock spending = new ReentrantLock();

	/**
	 * One second's counts in each slot, replaced (never cleared) when its second is over
	 * ten seconds old, so a counter is never reset under a thread adding to it.
	 */
	private final AtomicReferenceArray<Second> slots = new AtomicReferenceArray<>(SLOTS);

	/**
	 * Creates a budget.
	 * @param ratio the retries allowed per first attempt; 0 or more and finite (0.2:
	 * retries add at most 20 % to the calls made)
	 * @param minPerSecond retries allowed per second whatever the traffic; 0 or more and
	 * finite
	 * @param timeSource the clock the window runs on
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public RetryBudget(double ratio, double minPerSecond, TimeSource timeSource) {
		if (!(ratio >= 0 && ratio < Double.POSITIVE_INFINITY)) {
			throw new IllegalArgumentException("ratio (" + ratio + ") must be a finite number of 0 or more");
		}
		if (!(minPerSecond >= 0 && minPerSecond < Double.POSITIVE_INFINITY)) {
			throw new IllegalArgumentException(
					"minPerSecond (" + minPerSecond + ") must be a finite number of 0 or more");
		}
		this.ratio = ratio;
		this.minPerSecond = minPerSecond;
		this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
		for (int i = 0; i < SLOTS; i++) {
			this.slots.set(i, new Second(Long.MIN_VALUE));
		}
	}

	/**
	 * Records a first attempt, which earns {@code ratio} retries.
	 */
	public void recordCall() {
		current(currentSecond()).calls.increment();
	}

	/**
	 * Spends one retry if the budget allows it.
	 * @return whether the retry may go ahead
	 */
	public boolean tryRetry() {
		this.spending.lock();
		try {
			long second = currentSecond();
			if (allowanceAt(second) < 1) {
				return false;
			}
			current(second).retries.increment();
			return true;
		}
		finally {
			this.spending.unlock();
		}
	}

	/**
	 * Returns how many more retries the budget would allow now.
	 * @return the retries left, 0 or more
	 */
	public double balance() {
		this.spending.lock();
		try {
			return Math.max(0, allowanceAt(currentSecond()));
		}
		finally {
			this.spending.unlock();
		}
	}

	/**
	 * Retries still allowed in the window ending at {@code second}; the caller holds the
	 * lock, so no retry is spent meanwhile.
	 */
	private double allowanceAt(long second) {
		long windowCalls = 0;
		long windowRetries = 0;
		for (int i = 0; i < SLOTS; i++) {
			Second slot = this.slots.get(i);
			if (slot.second > second - SLOTS && slot.second <= second) {
				windowCalls += slot.calls.sum();
				windowRetries += slot.retries.sum();
			}
		}
		return this.ratio * windowCalls + this.minPerSecond * SLOTS - windowRetries;
	}

	private long currentSecond() {
		return Math.floorDiv(this.timeSource.nanoTime(), SLOT_NANOS);
	}

	/**
	 * Returns the counts of a second, replacing its slot's if they are of an older one. A
	 * thread that read the clock over ten seconds before (it stalled) finds its slot
	 * taken by a newer second and adds to that one.
	 */
	private Second current(long second) {
		int index = (int) Math.floorMod(second, (long) SLOTS);
		Second slot = this.slots.get(index);
		while (slot.second < second) {
			Second fresh = new Second(second);
			if (this.slots.compareAndSet(index, slot, fresh)) {
				return fresh;
			}
			slot = this.slots.get(index);
		}
		return slot;
	}

	/** The first attempts and retries of one second. */
	private static final class Second {

		final long second;

		final LongAdder calls = new LongAdder();

		final LongAdder retries = new LongAdder();

		Second(long second) {
			this.second = second;
		}

	}

}
