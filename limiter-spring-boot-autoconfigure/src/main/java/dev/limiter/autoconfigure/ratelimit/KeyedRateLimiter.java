package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.limiter.core.Durations;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.RateLimiterSnapshot;
import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * One {@link RateLimiter} per client key, all from one configuration, in a registry
 * bounded in memory: at most {@code maxKeys} keys, and a key unused for
 * {@code idleExpiry} is dropped.
 *
 * <pre>{@code
 * KeyedRateLimiter<String> perClient = new KeyedRateLimiter<>(RateLimiterConfig.bursty(5), 10_000,
 *         Duration.ofMinutes(10), TimeSource.system());
 * if (!perClient.limiter(request.getRemoteAddr()).tryAcquire()) {
 *     reject(request);
 * }
 * }</pre>
 *
 * <h2>Dropping a key never loosens the limit, nor punishes other keys</h2>
 *
 * <p>
 * A new limiter is the strictest state a limiter has once it owes nothing: a bursty one
 * stores no permits, and a warming-up one is fully cold, so its permits cost the most. A
 * key dropped while its limiter owed no time therefore comes back at least as strict as
 * it was. A key dropped while it still owed time (because the registry was full, or the
 * idle expiry is shorter than what a key can owe) would come back free too early; so its
 * debt is remembered in {@link DroppedDebts}, a small table of "free from" moments by key
 * hash, and the key's next limiter is free only from then. Other keys are charged that
 * debt only in the rare case that their hash collides with it in every row of the table,
 * so one heavy client pushed out of the registry, or a flood of one-off keys, does not
 * make every new client wait.
 *
 * <p>
 * A call may hold a key's limiter when the key is dropped (it looked the key up just
 * before): what it reserves afterwards is added to the remembered debt, so the
 * reservation is never lost.
 *
 * <p>
 * A rate change ({@link #setRate}) applies to every key held and to every key created
 * from then on, including one created while the change is being made.
 *
 * <p>
 * Caffeine does the bounding: its size-based eviction keeps the keys used most, which is
 * what survives a flood of one-off keys best.
 *
 * @param <K> the type of the client key
 * @author The limiter authors
 * @since 0.1.0
 */
public final class KeyedRateLimiter<K> {

	private volatile RateLimiterConfig config;

	private final TimeSource timeSource;

	private final Cache<K, Held> limiters;

	private final DroppedDebts droppedDebts;

	/**
	 * Keys an operator reset while a debt was remembered for them: the moment until which
	 * that debt is forgiven. The remembered debts are shared by key hash and cannot be
	 * forgotten for one key, so a reset is remembered instead, until the debt would have
	 * been paid; at most {@value #MAX_FORGIVEN} of them (resets are rare, deliberate
	 * acts).
	 */
	private final Cache<K, Long> forgiven;

	private static final int MAX_FORGIVEN = 1024;

	/** Held in a field so that looking up a key allocates no lambda. */
	private final Function<K, Held> newLimiter;

	/**
	 * Whether the keys' state lives in their limiter objects (in memory), not in a shared
	 * store (Redis). Only then do lookups bring a key's limiter to the registry's rate (a
	 * shared store holds the rate, and this registry's view of it may be older than
	 * another instance's change), and is a reservation on a dropped key's limiter taken
	 * again from the key's new one (in a shared store both are one state).
	 */
	private final boolean stateInLimiters;

	/**
	 * Creates a registry.
	 * @param config what every key's limiter enforces
	 * @param maxKeys the most keys held at once; 1 or more
	 * @param idleExpiry how long a key may go unused before it is dropped; positive
	 * @param timeSource the clock the limiters and the expiry run on
	 * @throws IllegalArgumentException if {@code maxKeys} or {@code idleExpiry} is out of
	 * range
	 */
	public KeyedRateLimiter(RateLimiterConfig config, long maxKeys, Duration idleExpiry, TimeSource timeSource) {
		this(config, maxKeys, idleExpiry, timeSource, ForkJoinPool.commonPool());
	}

	/**
	 * Creates a registry whose cache housekeeping runs on {@code executor}
	 * ({@code Runnable::run} makes evictions happen at once, for tests).
	 */
	KeyedRateLimiter(RateLimiterConfig config, long maxKeys, Duration idleExpiry, TimeSource timeSource,
			Executor executor) {
		this(config, maxKeys, idleExpiry, timeSource, executor,
				(key, keyConfig, firstFreeNanos) -> RateLimiter.create(keyConfig, timeSource, firstFreeNanos), true);
	}

	/**
	 * Creates a registry whose limiters {@code factory} makes (in a shared store, say).
	 * What a dropped key owed is remembered either way: a shared store's limiter keeps an
	 * in-memory fallback for outages, which must not start afresh.
	 * @param stateInLimiters whether the keys' state lives in the limiter objects, not in
	 * a shared store
	 */
	KeyedRateLimiter(RateLimiterConfig config, long maxKeys, Duration idleExpiry, TimeSource timeSource,
			Executor executor, Factory<K> factory, boolean stateInLimiters) {
		Objects.requireNonNull(config, "config must not be null");
		Objects.requireNonNull(idleExpiry, "idleExpiry must not be null");
		Objects.requireNonNull(timeSource, "timeSource must not be null");
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys (" + maxKeys + ") must be 1 or more");
		}
		if (idleExpiry.isNegative() || idleExpiry.isZero()) {
			throw new IllegalArgumentException("idleExpiry (" + idleExpiry + ") must be positive");
		}
		this.config = config;
		this.timeSource = timeSource;
		this.droppedDebts = new DroppedDebts();
		this.forgiven = Caffeine.newBuilder()
			.maximumSize(MAX_FORGIVEN)
			.expireAfter(Expiry.writing((K key, Long until) -> Duration.ofNanos(until - timeSource.nanoTime())))
			.ticker(timeSource::nanoTime)
			.executor(executor)
			.build();
		this.stateInLimiters = stateInLimiters;
		this.newLimiter = (key) -> new Held(key, factory.create(key, this.config, freeFromNanos(key)));
		this.limiters = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfterAccess(idleExpiry)
			.ticker(timeSource::nanoTime)
			.executor(executor)
			.evictionListener(this::onDropped)
			.build();
	}

	/**
	 * Returns the limiter of a key, creating it if the key is new (or was dropped).
	 * @param key the client key
	 * @return the key's limiter
	 */
	public RateLimiter limiter(K key) {
		Objects.requireNonNull(key, "key must not be null");
		Held held = this.limiters.get(key, this.newLimiter);
		followRate(held);
		return held;
	}

	/**
	 * Returns the store's limiter behind one this registry handed out (itself for any
	 * other), for a store that decides several of its limiters at once. Only for a store
	 * that keeps the state: what is reserved on it directly is not replayed after a drop.
	 * @param limiter a limiter
	 * @return the store's limiter
	 */
	static RateLimiter inStore(RateLimiter limiter) {
		return (limiter instanceof KeyedRateLimiter<?>.Held held) ? held.limiter : limiter;
	}

	/**
	 * Brings a key's limiter to the registry's rate. A limiter created from the old
	 * configuration while {@link #setRate} ran may have been missed by its pass over the
	 * keys; the check is two volatile reads when the rates agree. Rereading the rate
	 * after each change makes a racing older value lose to the newer one.
	 */
	private void followRate(Held held) {
		if (!this.stateInLimiters) {
			return;
		}
		double rate = this.config.permitsPerSecond();
		while (held.getRate() != rate) {
			held.setRate(rate);
			rate = this.config.permitsPerSecond();
		}
	}

	/**
	 * Returns the limiter of a key if the registry holds one, without creating it and
	 * without counting as a use, so that looking at a key does not keep it from expiring.
	 * @param key the client key
	 * @return the key's limiter, or {@code null}
	 */
	public @Nullable RateLimiter find(K key) {
		Objects.requireNonNull(key, "key must not be null");
		return this.limiters.policy().getIfPresentQuietly(key);
	}

	/**
	 * Returns about how many keys the registry holds; it may count keys that are due to
	 * be dropped.
	 * @return the number of keys
	 */
	public long size() {
		return this.limiters.estimatedSize();
	}

	/**
	 * Returns the configuration every key's limiter is made from.
	 * @return the configuration
	 */
	public RateLimiterConfig config() {
		return this.config;
	}

	/**
	 * Changes the rate of every key's limiter, and of those created from now on.
	 * Concurrent changes are applied one at a time, so the last one wins everywhere.
	 * @param permitsPerSecond the new rate
	 * @throws IllegalArgumentException if the rate is out of range, in which case nothing
	 * changed
	 */
	public synchronized void setRate(double permitsPerSecond) {
		RateLimiterConfig changed = this.config.withPermitsPerSecond(permitsPerSecond);
		this.config = changed;
		for (Held limiter : this.limiters.asMap().values()) {
			followRate(limiter);
		}
		// As a held limiter's saturated debt reopens to one interval at the new rate
		// (RateLimiter#setRate), so does a dropped one's.
		this.droppedDebts.reopenSaturated(
				Durations.momentAfter(this.timeSource.nanoTime(), (long) Math.ceil(1e9 / permitsPerSecond)));
	}

	/**
	 * Returns the keys held now, for finding one by its text.
	 * @return a live view of the keys
	 */
	public Set<K> keys() {
		return Collections.unmodifiableSet(this.limiters.asMap().keySet());
	}

	/**
	 * Forgets a key, as an operator's reset: its next call starts a new limiter. Unlike
	 * an eviction, this is meant to be more permissive, so no debt is carried over, also
	 * not one remembered from an earlier eviction of the key.
	 * @param key the client key
	 * @return whether the key was held
	 */
	public boolean reset(K key) {
		boolean held = this.limiters.asMap().remove(key) != null;
		// a key dropped earlier may still have a debt remembered: forgiven too
		long remembered = this.droppedDebts.freeFromNanos(key);
		if (remembered > this.timeSource.nanoTime()) {
			this.forgiven.put(key, remembered);
		}
		return held;
	}

	/**
	 * The moment from which a new limiter for {@code key} may be free: the debt
	 * remembered for it, unless an operator's reset forgave that debt (a later, larger
	 * one is not forgiven).
	 */
	private long freeFromNanos(K key) {
		long remembered = this.droppedDebts.freeFromNanos(key);
		Long forgivenUntil = this.forgiven.getIfPresent(key);
		return (forgivenUntil != null && remembered <= forgivenUntil) ? Long.MIN_VALUE : remembered;
	}

	/**
	 * Forgets every key and every remembered debt, as an operator's reset.
	 */
	public void resetAll() {
		this.limiters.invalidateAll();
		this.droppedDebts.clear();
		this.forgiven.invalidateAll();
	}

	/** Runs pending evictions now; for tests. */
	void cleanUp() {
		this.limiters.cleanUp();
	}

	/**
	 * Called by Caffeine, within the eviction, for a key pushed out by size or expired.
	 * The flag goes up before the debt is read, so a call still holding the limiter
	 * either sees the flag and records its own reservation, or reserved before the debt
	 * was read here.
	 */
	private void onDropped(@Nullable K key, @Nullable Held held, RemovalCause cause) {
		if (key != null && held != null) {
			held.dropped = true;
			recordDebt(key, held.limiter);
		}
	}

	/**
	 * A call reserved on the limiter of a key that was dropped meanwhile: the reservation
	 * is remembered as the key's debt and, if the key already has a new limiter (made
	 * before that debt was remembered) with a state of its own, taken from the new
	 * limiter too, so that it counts whichever limiter the key's next call meets.
	 */
	private void reservedAfterDrop(Held dropped, int permits) {
		recordDebt(dropped.key, dropped.limiter);
		Held current = this.limiters.policy().getIfPresentQuietly(dropped.key);
		if (current != null && current != dropped && this.stateInLimiters) {
			current.limiter.reserveNanos(permits);
		}
	}

	private void recordDebt(K key, RateLimiter limiter) {
		long owedNanos = limiter.queryWaitNanos(1);
		if (owedNanos > 0) {
			this.droppedDebts.record(key, Durations.momentAfter(this.timeSource.nanoTime(), owedNanos));
		}
	}

	/**
	 * Makes a key's limiter.
	 *
	 * @param <K> the type of the client key
	 */
	@FunctionalInterface
	interface Factory<K> {

		/**
		 * Makes the limiter of a key.
		 * @param key the client key
		 * @param config what it enforces
		 * @param firstFreeNanos the moment from which it may be free
		 * @return the limiter
		 */
		RateLimiter create(K key, RateLimiterConfig config, long firstFreeNanos);

	}

	/**
	 * A key's limiter as the registry hands it out: it reserves on the key's limiter and,
	 * if the key was dropped meanwhile, adds what it reserved to the remembered debt.
	 */
	private final class Held implements RateLimiter {

		private final K key;

		private final RateLimiter limiter;

		private volatile boolean dropped;

		Held(K key, RateLimiter limiter) {
			this.key = key;
			this.limiter = limiter;
		}

		/** After every reservation; no boxing, so the acquire paths allocate nothing. */
		private void afterReserving(boolean reserved, int permits) {
			if (reserved && this.dropped) {
				reservedAfterDrop(this, permits);
			}
		}

		@Override
		public boolean tryAcquire(int permits) {
			boolean result = this.limiter.tryAcquire(permits);
			afterReserving(result, permits);
			return result;
		}

		/**
		 * Reserves, checks for a drop, then waits: checked after the wait, a key dropped
		 * and recreated meanwhile would be charged twice (the drop already recorded the
		 * reservation).
		 */
		@Override
		public boolean tryAcquire(int permits, Duration timeout) {
			long waitNanos = this.limiter.tryReserveNanos(permits, timeout);
			afterReserving(waitNanos != NOT_RESERVED, permits);
			if (waitNanos == NOT_RESERVED) {
				return false;
			}
			KeyedRateLimiter.this.timeSource.sleepUninterruptibly(waitNanos);
			return true;
		}

		@Override
		public Duration acquire(int permits) throws InterruptedException {
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			long waitNanos = this.limiter.reserveNanos(permits);
			afterReserving(true, permits);
			KeyedRateLimiter.this.timeSource.sleepNanos(waitNanos);
			return Duration.ofNanos(waitNanos);
		}

		@Override
		public long reserveNanos(int permits) {
			long result = this.limiter.reserveNanos(permits);
			afterReserving(true, permits);
			return result;
		}

		@Override
		public long tryReserveNanos(int permits, Duration timeout) {
			long result = this.limiter.tryReserveNanos(permits, timeout);
			afterReserving(result != NOT_RESERVED, permits);
			return result;
		}

		@Override
		public boolean tryReserveAt(int permits, long momentNanos) {
			boolean result = this.limiter.tryReserveAt(permits, momentNanos);
			afterReserving(result, permits);
			return result;
		}

		@Override
		public long queryWaitNanos(int permits) {
			return this.limiter.queryWaitNanos(permits);
		}

		@Override
		public void setRate(double permitsPerSecond) {
			this.limiter.setRate(permitsPerSecond);
		}

		@Override
		public RateLimiterConfig config() {
			return this.limiter.config();
		}

		@Override
		public RateLimiterSnapshot snapshot() {
			return this.limiter.snapshot();
		}

	}

}
