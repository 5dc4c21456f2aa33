package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import dev.limiter.core.concurrency.ConcurrencyLimiter;

/**
 * One cap in the {@link ConcurrencyLimitRegistry}: its limiter, how long a call may wait,
 * and counts of what it did.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RegisteredConcurrencyLimit {

	private final String name;

	private final ConcurrencyLimiter limiter;

	private final Duration timeout;

	private final LongAdder admitted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	RegisteredConcurrencyLimit(String name, ConcurrencyLimiter limiter, Duration timeout) {
		this.name = name;
		this.limiter = limiter;
		this.timeout = timeout;
	}

	/**
	 * Returns the limit's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the limiter every call under this limit takes a slot of.
	 * @return the limiter
	 */
	public ConcurrencyLimiter limiter() {
		return this.limiter;
	}

	/**
	 * Returns how long a call may wait for a slot.
	 * @return the timeout; zero: not at all
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Returns how many calls got a slot.
	 * @return the count
	 */
	public long admitted() {
		return this.admitted.sum();
	}

	/**
	 * Returns how many calls got none.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	void recordAdmitted() {
		this.admitted.increment();
	}

	void recordRejected() {
		this.rejected.increment();
	}

}
