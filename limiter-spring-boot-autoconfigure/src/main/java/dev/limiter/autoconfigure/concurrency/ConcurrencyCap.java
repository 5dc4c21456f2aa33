package dev.limiter.autoconfigure.concurrency;

import java.util.function.Consumer;

import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import org.jspecify.annotations.Nullable;

/**
 * The cap of one limit (or of one client key of a per-client limit): its limiter, and for
 * an adaptive limit what moves the limiter's bound.
 *
 * @author The limiter authors
 */
final class ConcurrencyCap {

	private final ConcurrencyLimiter limiter;

	private final @Nullable AdaptiveConcurrency adaptive;

	private final TimeSource timeSource;

	/**
	 * Whether a registry of caps by client key dropped this cap, which must then be
	 * retired once idle; written and read by {@link KeyedConcurrencyCaps}.
	 */
	volatile boolean evicted;

	/**
	 * Creates a cap.
	 * @param settings the limit's settings
	 * @param maxConcurrent the cap to start at, for a limit that is not adaptive
	 * @param timeSource what waits time out on and latency is measured by
	 * @param whenIdle told each time the last call leaves the cap, or {@code null}
	 */
	ConcurrencyCap(ConcurrencyLimitSettings settings, int maxConcurrent, TimeSource timeSource,
			@Nullable Consumer<ConcurrencyCap> whenIdle) {
		this.limiter = (whenIdle != null)
				? new ConcurrencyLimiter(maxConcurrent, settings.maxWaiting(), timeSource, () -> whenIdle.accept(this))
				: new ConcurrencyLimiter(maxConcurrent, settings.maxWaiting(), timeSource);
		this.adaptive = settings.adaptive()
				? new AdaptiveConcurrency(this.limiter, settings.minConcurrent(), settings.maxConcurrent()) : null;
		this.timeSource = timeSource;
	}

	ConcurrencyLimiter limiter() {
		return this.limiter;
	}

	boolean isAdaptive() {
		return this.adaptive != null;
	}

	/**
	 * Returns when a call that just got its slot started, for an adaptive cap's latency
	 * sample; other caps read no clock.
	 * @return the moment, or 0
	 */
	long started() {
		return (this.adaptive != null) ? this.timeSource.nanoTime() : 0;
	}

	/**
	 * Gives a call's slot back, and for an adaptive cap records the call's latency.
	 * @param slot the call's slot
	 * @param startedNanos what {@link #started()} returned for it
	 */
	void release(ConcurrencyLimiter.Slot slot, long startedNanos) {
		if (this.adaptive == null) {
			slot.release();
			return;
		}
		int inFlight = this.limiter.inFlight();
		slot.release();
		this.adaptive.record(startedNanos, this.timeSource.nanoTime(), inFlight);
	}

}
