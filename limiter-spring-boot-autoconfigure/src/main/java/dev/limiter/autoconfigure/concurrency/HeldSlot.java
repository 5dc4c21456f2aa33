package dev.limiter.autoconfigure.concurrency;

import dev.limiter.core.concurrency.ConcurrencyLimiter;
import org.jspecify.annotations.Nullable;

/**
 * A call's hold on a cap: its slot, or none for a call a dry-run limit let run without
 * one, and when it started, for an adaptive cap's latency sample.
 *
 * @author The limiter authors
 */
final class HeldSlot {

	private final ConcurrencyCap cap;

	private final ConcurrencyLimiter.@Nullable Slot slot;

	private final long startedNanos;

	HeldSlot(ConcurrencyCap cap, ConcurrencyLimiter.@Nullable Slot slot) {
		this.cap = cap;
		this.slot = slot;
		this.startedNanos = cap.started();
	}

	/** Gives the slot back; call once, when the call is done. */
	void release() {
		if (this.slot != null) {
			this.cap.release(this.slot, this.startedNanos);
		}
	}

}
