package dev.limiter.autoconfigure.concurrency;

import dev.limiter.core.concurrency.ConcurrencyLimiter;

/**
 * A call's hold on a cap: its slot, and when it started, for an adaptive cap's latency
 * sample.
 *
 * @author The limiter authors
 */
final class HeldSlot {

	private final ConcurrencyCap cap;

	private final ConcurrencyLimiter.Slot slot;

	private final long startedNanos;

	HeldSlot(ConcurrencyCap cap, ConcurrencyLimiter.Slot slot) {
		this.cap = cap;
		this.slot = slot;
		this.startedNanos = cap.started();
	}

	/** Gives the slot back; call once, when the call is done. */
	void release() {
		this.cap.release(this.slot, this.startedNanos);
	}

}
