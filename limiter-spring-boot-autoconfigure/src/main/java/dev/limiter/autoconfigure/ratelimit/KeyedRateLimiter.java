package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
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
 * <h2>Dropping a key never loosens the limit</h2>
 *
 * <p>
 * A new limiter is the strictest state a limiter has once it owes nothing: a bursty one
 * stores no permits, and a warming-up one is fully cold, so its permits cost the most. A
 * key dropped while its limiter owed no time therefore comes back at least as strict as
 * it was. A key dropped while it still owed time (because the registry was full, or the
 * idle expiry is shorter than what a key can owe) would come back free too early; so the
 * registry remembers the latest moment any dropped limiter owed time until, and creates
 * every new limiter free only from then. While more keys are active than {@code maxKeys},
 * new keys may therefore wait (or be rejected) until the dropped debt is paid: the
 * registry fails closed rather than open when a flood of keys overflows it. Choose
 * {@code maxKeys} above the number of clients active at once, and {@code idleExpiry}
 * above the longest wait a call may accept, and this never happens.
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

	private final Cache<K, RateLimiter> limiters;

	/**
	 * The latest moment a dropped limiter owed time until; new limiters are free only
	 * from then.
	 */
	private final AtomicLong droppedDebtUntilNanos = new AtomicLong(Long.MIN_VALUE);

	/** Held in a field so that looking up a key allocates no lambda. */
	private final Function<K, RateLimiter> newLimiter;

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
		this.newLimiter = (key) -> RateLimiter.create(this.config, timeSource, this.droppedDebtUntilNanos.get());
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
		return this.limiters.get(key, this.newLimiter);
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
	 * @param permitsPerSecond the new rate
	 * @throws IllegalArgumentException if the rate is out of range, in which case nothing
	 * changed
	 */
	public void setRate(double permitsPerSecond) {
		this.config = this.config.withPermitsPerSecond(permitsPerSecond);
		for (RateLimiter limiter : this.limiters.asMap().values()) {
			limiter.setRate(permitsPerSecond);
		}
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
	 * an eviction, this is meant to be more permissive, so no debt is carried over.
	 * @param key the client key
	 * @return whether the key was held
	 */
	public boolean reset(K key) {
		return this.limiters.asMap().remove(key) != null;
	}

	/**
	 * Forgets every key, as an operator's reset.
	 */
	public void resetAll() {
		this.limiters.invalidateAll();
		this.droppedDebtUntilNanos.set(Long.MIN_VALUE);
	}

	/** Runs pending evictions now; for tests. */
	void cleanUp() {
		this.limiters.cleanUp();
	}

	private void onDropped(@Nullable K key, @Nullable RateLimiter limiter, RemovalCause cause) {
		if (limiter == null) {
			return;
		}
		long owedNanos = limiter.queryWaitNanos(1);
		if (owedNanos > 0) {
			long now = this.timeSource.nanoTime();
			long owedUntil = now + owedNanos;
			if (owedUntil < now) {
				// owes past the end of the clock
				owedUntil = Long.MAX_VALUE;
			}
			this.droppedDebtUntilNanos.accumulateAndGet(owedUntil, Math::max);
		}
	}

}
