package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

import dev.limiter.autoconfigure.ClientKey;
import dev.limiter.autoconfigure.ThrottledLog;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import dev.limiter.core.concurrency.SlotUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One cap in the {@link ConcurrencyLimitRegistry}: the cap every caller shares, the caps
 * of its client keys when an annotation gives a {@code key}, and counts of what they did.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RegisteredConcurrencyLimit {

	private static final Log logger = LogFactory.getLog(RegisteredConcurrencyLimit.class);

	/** At most one dry-run log line per limit in this long. */
	private static final Duration DRY_RUN_LOG_INTERVAL = Duration.ofSeconds(10);

	private final ConcurrencyLimitSettings settings;

	private final TimeSource timeSource;

	private final ConcurrencyCap shared;

	private final KeyedConcurrencyCaps keyed;

	private final LongAdder admitted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder dryRunUnavailable = new LongAdder();

	private final LongAdder waited = new LongAdder();

	private final LongAdder totalWaitNanos = new LongAdder();

	private final ThrottledLog dryRunLog;

	/**
	 * Whether a call without a key has used the shared cap; until then an adaptive
	 * limit's shared cap has not moved, and says nothing of where the caps are.
	 */
	private volatile boolean sharedUsed;

	RegisteredConcurrencyLimit(ConcurrencyLimitSettings settings, TimeSource timeSource, Executor housekeeping) {
		this.settings = settings;
		this.timeSource = timeSource;
		this.shared = new ConcurrencyCap(settings, settings.initialConcurrent(), timeSource, null);
		this.keyed = new KeyedConcurrencyCaps(settings, timeSource, housekeeping);
		this.dryRunLog = new ThrottledLog(logger, DRY_RUN_LOG_INTERVAL, timeSource);
	}

	/**
	 * Returns the limit's name.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

	/**
	 * Returns the limit's settings as configured.
	 * @return the settings
	 */
	public ConcurrencyLimitSettings settings() {
		return this.settings;
	}

	/**
	 * Returns the limiter that every caller of the limit shares (calls whose annotation
	 * gives no {@code key}).
	 * @return the limiter
	 */
	public ConcurrencyLimiter limiter() {
		return this.shared.limiter();
	}

	/**
	 * Returns the limiter of a client key, if the key is held.
	 * @param text the key as an operator writes it: its text
	 * @return the key's limiter, or {@code null}
	 */
	public @Nullable ConcurrencyLimiter findKey(String text) {
		Object key = ClientKey.findHeld(text, (held) -> this.keyed.find(held) != null, this.keyed::keys);
		ConcurrencyCap cap = (key != null) ? this.keyed.find(key) : null;
		return (cap != null) ? cap.limiter() : null;
	}

	/**
	 * Returns how many client keys the limit holds.
	 * @return the count
	 */
	public long keys() {
		return this.keyed.size();
	}

	/**
	 * Returns how long a call may wait for a slot.
	 * @return the timeout; zero: not at all
	 */
	public Duration timeout() {
		return this.settings.timeout();
	}

	/**
	 * Returns the cap now: the configured one, as changed live, which every client key's
	 * cap shares too; for an adaptive limit, where it has moved to: the highest of the
	 * shared cap (once used) and the caps of the client keys held.
	 * @return the most calls in flight at once
	 */
	public int maxConcurrent() {
		int shared = this.shared.limiter().maxConcurrent();
		if (!this.settings.adaptive()) {
			return shared;
		}
		int highest = this.sharedUsed ? shared : 0;
		for (ConcurrencyCap cap : keyedCaps()) {
			highest = Math.max(highest, cap.limiter().maxConcurrent());
		}
		return (highest > 0) ? highest : shared;
	}

	/**
	 * Returns the calls holding a slot now, under the shared cap and every key's.
	 * @return the count
	 */
	public int inFlight() {
		int inFlight = this.shared.limiter().inFlight();
		for (ConcurrencyCap cap : keyedCaps()) {
			inFlight += cap.limiter().inFlight();
		}
		return inFlight;
	}

	/**
	 * Returns the calls waiting for a slot now, under the shared cap and every key's.
	 * @return the count
	 */
	public int waiting() {
		int waiting = this.shared.limiter().waiting();
		for (ConcurrencyCap cap : keyedCaps()) {
			waiting += cap.limiter().waiting();
		}
		return waiting;
	}

	private List<ConcurrencyCap> keyedCaps() {
		return (this.keyed.size() == 0) ? List.of() : this.keyed.all();
	}

	/**
	 * Changes the cap, of the shared limiter and of every client key's, held now or
	 * later.
	 * @param maxConcurrent the new cap; 1 or more
	 * @throws IllegalArgumentException if the value is out of range
	 * @throws IllegalStateException if the limit is adaptive: its cap follows latency
	 */
	public synchronized void setMaxConcurrent(int maxConcurrent) {
		if (this.settings.adaptive()) {
			throw new IllegalStateException("Concurrency limit '" + name()
					+ "' is adaptive: its cap follows latency between min-concurrent and max-concurrent");
		}
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("maxConcurrent (" + maxConcurrent + ") must be 1 or more");
		}
		this.keyed.setMaxConcurrent(maxConcurrent);
		this.shared.limiter().setMaxConcurrent(maxConcurrent);
	}

	/**
	 * Takes a slot if one is free at once; for a dry-run limit, which never waits.
	 * @param key the client key, as {@link ClientKey#of(Object)} bounds it, or
	 * {@code null} for the shared cap
	 * @return the slot, or {@code null}
	 */
	@Nullable HeldSlot tryAcquire(@Nullable Object key) {
		if (key == null) {
			useShared();
			ConcurrencyLimiter.Slot slot = this.shared.limiter().tryAcquire();
			return (slot != null) ? new HeldSlot(this.shared, slot) : null;
		}
		return this.keyed.tryAcquire(key);
	}

	/**
	 * Takes a slot, waiting on this thread up to the timeout.
	 * @param key the client key, as {@link ClientKey#of(Object)} bounds it, or
	 * {@code null} for the shared cap
	 * @return the slot
	 * @throws SlotUnavailableException if there is none within the timeout
	 * @throws InterruptedException if the thread is interrupted before or while it waits
	 */
	HeldSlot acquireBlocking(@Nullable Object key) throws InterruptedException {
		if (Thread.currentThread().isInterrupted()) {
			// leaves with the flag still set, as when interrupted while waiting
			throw new InterruptedException();
		}
		HeldSlot free = tryAcquire(key);
		if (free != null) {
			return free;
		}
		if (this.settings.timeout().isZero()) {
			// rejected at once, unless a slot was given back meanwhile: no wait to time
			return acquireAfterWait(key);
		}
		long start = this.timeSource.nanoTime();
		HeldSlot held = acquireAfterWait(key);
		recordWait(this.timeSource.nanoTime() - start);
		return held;
	}

	private HeldSlot acquireAfterWait(@Nullable Object key) throws InterruptedException {
		if (key == null) {
			return new HeldSlot(this.shared, this.shared.limiter().acquireBlocking(this.settings.timeout()));
		}
		return this.keyed.acquireBlocking(key, this.settings.timeout());
	}

	/**
	 * Takes a slot without blocking, waiting up to the timeout.
	 * @param key the client key, as {@link ClientKey#of(Object)} bounds it, or
	 * {@code null} for the shared cap
	 * @return the cap and the stage that completes with its slot; cancel the stage to
	 * give up the wait
	 */
	KeyedConcurrencyCaps.Pending acquire(@Nullable Object key) {
		if (key == null) {
			useShared();
			CompletableFuture<ConcurrencyLimiter.Slot> slot = this.shared.limiter().acquire(this.settings.timeout());
			return new KeyedConcurrencyCaps.Pending(this.shared, slot);
		}
		return this.keyed.acquire(key, this.settings.timeout());
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

	/**
	 * Returns how many calls a dry-run limit let run without a slot, because none was
	 * free (enforced, they would have waited or been rejected).
	 * @return the count
	 */
	public long dryRunUnavailable() {
		return this.dryRunUnavailable.sum();
	}

	/**
	 * Returns how many admitted calls waited for their slot.
	 * @return the count
	 */
	public long waited() {
		return this.waited.sum();
	}

	/**
	 * Returns the time admitted calls spent waiting for their slot, in all.
	 * @return nanoseconds
	 */
	public long totalWaitNanos() {
		return this.totalWaitNanos.sum();
	}

	private void useShared() {
		if (!this.sharedUsed) {
			this.sharedUsed = true;
		}
	}

	TimeSource timeSource() {
		return this.timeSource;
	}

	void recordAdmitted() {
		this.admitted.increment();
	}

	void recordRejected() {
		this.rejected.increment();
	}

	void recordWait(long nanos) {
		this.waited.increment();
		this.totalWaitNanos.add(nanos);
	}

	/** Counts a call a dry-run limit let run without a slot, and logs it now and then. */
	void recordDryRunUnavailable() {
		this.dryRunUnavailable.increment();
		this.dryRunLog.warn(() -> "Dry-run concurrency limit '" + name() + "' found no free slot (cap "
				+ maxConcurrent() + ") and let the call run; " + this.dryRunUnavailable.sum() + " such calls so far");
	}

}
