package dev.limiter.core.retry;

import java.time.Duration;
import java.util.Objects;
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
 * later outage. Thread-safe; calls take a short lock (no {@code synchronized}, which pins
 * virtual threads).
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

	private final ReentrantLock lock = new ReentrantLock();

	private final long[] calls = new long[SLOTS];

	private final long[] retries = new long[SLOTS];

	/** Which second each slot holds, so that a stale slot is recognised and cleared. */
	private final long[] slotSecond = new long[SLOTS];

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
		java.util.Arrays.fill(this.slotSecond, Long.MIN_VALUE);
	}

	/**
	 * Records a first attempt, which earns {@code ratio} retries.
	 */
	public void recordCall() {
		this.lock.lock();
		try {
			this.calls[slot(currentSecond())]++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Spends one retry if the budget allows it.
	 * @return whether the retry may go ahead
	 */
	public boolean tryRetry() {
		this.lock.lock();
		try {
			long second = currentSecond();
			if (allowanceAt(second) < 1) {
				return false;
			}
			this.retries[slot(second)]++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many more retries the budget would allow now.
	 * @return the retries left, 0 or more
	 */
	public double balance() {
		this.lock.lock();
		try {
			return Math.max(0, allowanceAt(currentSecond()));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Retries still allowed in the window ending at {@code second}; the caller holds the
	 * lock.
	 */
	private double allowanceAt(long second) {
		long windowCalls = 0;
		long windowRetries = 0;
		for (int i = 0; i < SLOTS; i++) {
			if (this.slotSecond[i] > second - SLOTS) {
				windowCalls += this.calls[i];
				windowRetries += this.retries[i];
			}
		}
		return this.ratio * windowCalls + this.minPerSecond * SLOTS - windowRetries;
	}

	private long currentSecond() {
		return Math.floorDiv(this.timeSource.nanoTime(), SLOT_NANOS);
	}

	/** Returns the slot for a second, clearing it if it still holds an older second. */
	private int slot(long second) {
		int slot = (int) Math.floorMod(second, (long) SLOTS);
		if (this.slotSecond[slot] != second) {
			this.slotSecond[slot] = second;
			this.calls[slot] = 0;
			this.retries[slot] = 0;
		}
		return slot;
	}

}
