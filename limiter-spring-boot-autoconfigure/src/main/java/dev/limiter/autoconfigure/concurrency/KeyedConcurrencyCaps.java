package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import org.jspecify.annotations.Nullable;

/**
 * One cap per client key, in a registry bounded like the per-client rate limits' (at most
 * {@code maxKeys} keys, and a key unused for {@code keyIdleExpiry} is dropped), where a
 * key with calls in flight or waiting is never dropped.
 *
 * <h2>Why a busy key survives eviction</h2>
 *
 * <p>
 * Caffeine decides which keys to drop, and cannot be told to skip one. When it drops a
 * key whose cap is idle, the cap is {@linkplain ConcurrencyLimiter#retireIfIdle()
 * retired}: a call that looked it up just before finds it retired and looks the key up
 * again, getting a fresh cap (which is as strict as a cap can be: nothing in flight).
 * When it drops a key whose cap is busy, the cap moves to a side table of draining caps;
 * the key's next lookup takes it back from there, so the key's calls are still counted
 * against one cap, and the cap is retired and forgotten when its last call leaves.
 * Caffeine tells of an eviction inside the atomic operation on the key, so a lookup of
 * that key cannot make a second cap meanwhile.
 *
 * <p>
 * The draining caps are bounded too: each holds at least one call in flight or waiting,
 * and those are bounded by the threads and the waiting caps.
 *
 * @author The limiter authors
 */
final class KeyedConcurrencyCaps {

	private final Cache<Object, ConcurrencyCap> caps;

	private final Map<Object, ConcurrencyCap> draining = new ConcurrentHashMap<>();

	/** Held in a field so that looking up a key allocates no lambda. */
	private final Function<Object, ConcurrencyCap> newCap;

	private volatile int maxConcurrent;

	KeyedConcurrencyCaps(ConcurrencyLimitSettings settings, TimeSource timeSource, Executor executor) {
		this.maxConcurrent = settings.initialConcurrent();
		this.newCap = (key) -> {
			ConcurrencyCap drained = this.draining.remove(key);
			if (drained != null && !drained.limiter().isRetired()) {
				drained.evicted = false;
				return drained;
			}
			return new ConcurrencyCap(settings, this.maxConcurrent, timeSource, (cap) -> idle(key, cap));
		};
		this.caps = Caffeine.newBuilder()
			.maximumSize(settings.maxKeys())
			.expireAfterAccess(settings.keyIdleExpiry())
			.ticker(timeSource::nanoTime)
			.executor(executor)
			.evictionListener(this::evicted)
			.build();
	}

	/**
	 * Takes a slot of a key's cap, waiting without blocking.
	 * @param key the client key
	 * @param timeout how long the call may wait
	 * @return the cap and the stage that completes with its slot
	 */
	Pending acquire(Object key, Duration timeout) {
		while (true) {
			ConcurrencyCap cap = cap(key);
			CompletableFuture<ConcurrencyLimiter.Slot> slot = cap.limiter().acquireUnlessRetired(timeout);
			if (slot != null) {
				return new Pending(cap, slot);
			}
			retiredInUse(key, cap);
		}
	}

	/**
	 * Takes a slot of a key's cap, waiting on this thread.
	 * @param key the client key
	 * @param timeout how long the call may wait
	 * @return the slot
	 * @throws dev.limiter.core.concurrency.SlotUnavailableException if there is no slot
	 * within the timeout
	 * @throws InterruptedException if the thread is interrupted before or while it waits
	 */
	HeldSlot acquireBlocking(Object key, Duration timeout) throws InterruptedException {
		while (true) {
			ConcurrencyCap cap = cap(key);
			ConcurrencyLimiter.Slot slot = cap.limiter().acquireBlockingUnlessRetired(timeout);
			if (slot != null) {
				return new HeldSlot(cap, slot);
			}
			retiredInUse(key, cap);
		}
	}

	/**
	 * Takes a slot of a key's cap if one is free at once.
	 * @param key the client key
	 * @return the slot, or {@code null}
	 */
	@Nullable HeldSlot tryAcquire(Object key) {
		while (true) {
			ConcurrencyCap cap = cap(key);
			ConcurrencyLimiter.Slot slot = cap.limiter().tryAcquire();
			if (slot != null) {
				return new HeldSlot(cap, slot);
			}
			if (!cap.limiter().isRetired()) {
				return null;
			}
			retiredInUse(key, cap);
		}
	}

	private ConcurrencyCap cap(Object key) {
		ConcurrencyCap cap = this.caps.get(key, this.newCap);
		if (cap.isAdaptive()) {
			return cap;
		}
		// made from the old value while setMaxConcurrent ran, and missed by its pass;
		// rereading after each set makes a racing older value lose to the newer one
		int maxConcurrent = this.maxConcurrent;
		while (cap.limiter().maxConcurrent() != maxConcurrent) {
			cap.limiter().setMaxConcurrent(maxConcurrent);
			maxConcurrent = this.maxConcurrent;
		}
		return cap;
	}

	/**
	 * A cap retired as it fell idle just as the key was taken back from the draining
	 * caps: out of the registry, so that the next lookup makes a fresh one.
	 */
	private void retiredInUse(Object key, ConcurrencyCap cap) {
		this.caps.asMap().remove(key, cap);
	}

	/** Called by Caffeine inside the atomic removal of the key. */
	private void evicted(@Nullable Object key, @Nullable ConcurrencyCap cap, RemovalCause cause) {
		if (key == null || cap == null) {
			return;
		}
		cap.evicted = true;
		if (cap.limiter().retireIfIdle()) {
			return;
		}
		this.draining.put(key, cap);
		// the last call may have left between the check and the put, seeing no draining
		// cap to forget
		if (cap.limiter().retireIfIdle()) {
			this.draining.remove(key, cap);
		}
	}

	private void idle(Object key, ConcurrencyCap cap) {
		if (cap.evicted && cap.limiter().retireIfIdle()) {
			this.draining.remove(key, cap);
		}
	}

	/**
	 * Changes the cap of every key, held or draining, and of every key from now on.
	 * @param maxConcurrent the new cap; 1 or more
	 */
	void setMaxConcurrent(int maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
		for (ConcurrencyCap cap : all()) {
			cap.limiter().setMaxConcurrent(maxConcurrent);
		}
	}

	/**
	 * Finds a key's cap without creating it or counting a use.
	 * @param key the client key
	 * @return the cap, or {@code null} if the key is not held
	 */
	@Nullable ConcurrencyCap find(Object key) {
		ConcurrencyCap cap = this.caps.policy().getIfPresentQuietly(key);
		return (cap != null) ? cap : this.draining.get(key);
	}

	/**
	 * Returns every cap held or draining.
	 * @return the caps
	 */
	List<ConcurrencyCap> all() {
		List<ConcurrencyCap> all = new ArrayList<>(this.caps.asMap().values());
		all.addAll(this.draining.values());
		return all;
	}

	/**
	 * Returns every key held or draining.
	 * @return the keys
	 */
	List<Object> keys() {
		List<Object> keys = new ArrayList<>(this.caps.asMap().keySet());
		keys.addAll(this.draining.keySet());
		return keys;
	}

	/**
	 * Returns how many keys are held, draining ones included.
	 * @return the count, as Caffeine estimates it
	 */
	long size() {
		return this.caps.estimatedSize() + this.draining.size();
	}

	/** Does pending housekeeping at once, for tests. */
	void cleanUp() {
		this.caps.cleanUp();
	}

	/**
	 * A key's cap and the stage that completes with its slot.
	 *
	 * @param cap the cap
	 * @param slot the stage
	 */
	record Pending(ConcurrencyCap cap, CompletableFuture<ConcurrencyLimiter.Slot> slot) {
	}

}
