package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

import dev.limiter.autoconfigure.ClientKey;
import dev.limiter.autoconfigure.ThrottledLog;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.TimeSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One limit in the {@link RateLimitRegistry}: its settings, the limiter shared by calls
 * without a key, the per-key limiters of calls with one, and counts of what it did. Its
 * rate can be changed and its state reset at run time (the Actuator endpoint does both).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RegisteredRateLimit {

	private static final Log logger = LogFactory.getLog(RegisteredRateLimit.class);

	/** At most one dry-run log line per limit in this long. */
	private static final Duration DRY_RUN_LOG_INTERVAL = Duration.ofSeconds(10);

	private final TimeSource timeSource;

	private final RateLimiterFactory factory;

	private volatile RateLimitSettings settings;

	private volatile RateLimiter shared;

	private volatile @Nullable KeyedRateLimiter<Object> keyed;

	private final LongAdder permitted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder waited = new LongAdder();

	private final LongAdder waitNanos = new LongAdder();

	private final LongAdder dryRunRejections = new LongAdder();

	private final LongAdder dryRunWaits = new LongAdder();

	private final ThrottledLog dryRunLog;

	RegisteredRateLimit(RateLimitSettings settings, TimeSource timeSource) {
		this(settings, RateLimiterFactory.memory(timeSource), timeSource);
	}

	RegisteredRateLimit(RateLimitSettings settings, RateLimiterFactory factory, TimeSource timeSource) {
		this.settings = settings;
		this.timeSource = timeSource;
		this.factory = factory;
		this.shared = factory.create(settings, settings.limiter(), null, Long.MIN_VALUE);
		this.dryRunLog = new ThrottledLog(logger, DRY_RUN_LOG_INTERVAL, timeSource);
	}

	/**
	 * Returns the limit's settings, including a rate changed at run time.
	 * @return the settings
	 */
	public RateLimitSettings settings() {
		return this.settings;
	}

	/**
	 * Returns the factory of the limit's store.
	 * @return the factory
	 */
	RateLimiterFactory factory() {
		return this.factory;
	}

	/**
	 * Returns what the limit's store says of an outage in progress, without asking the
	 * store.
	 * @return why the store cannot be reached and what calls get meanwhile, or
	 * {@code null}
	 */
	public @Nullable String storeOutage() {
		return this.factory.outage();
	}

	/**
	 * Returns the limiter shared by every call without a key.
	 * @return the shared limiter
	 */
	public RateLimiter shared() {
		return this.shared;
	}

	/**
	 * Returns the limiter of a client key, creating the per-key registry on first use.
	 * The key is kept as {@link ClientKey} bounds it (a long string as its digest).
	 * @param key the value of the key expression
	 * @return the key's limiter
	 */
	public RateLimiter forKey(Object key) {
		KeyedRateLimiter<Object> limiters = this.keyed;
		if (limiters == null) {
			limiters = createKeyed();
		}
		return limiters.limiter(ClientKey.of(key));
	}

	private synchronized KeyedRateLimiter<Object> createKeyed() {
		KeyedRateLimiter<Object> limiters = this.keyed;
		if (limiters == null) {
			RateLimitSettings current = this.settings;
			limiters = new KeyedRateLimiter<>(current.limiter(), current.maxKeys(), current.keyIdleExpiry(),
					this.timeSource, ForkJoinPool.commonPool(),
					(key, config, firstFreeNanos) -> this.factory.create(this.settings, config, key, firstFreeNanos),
					!this.factory.keepsState());
			this.keyed = limiters;
		}
		return limiters;
	}

	/**
	 * Returns the per-key limiters, if any call with a key has been made.
	 * @return the per-key limiters, or {@code null}
	 */
	public @Nullable KeyedRateLimiter<Object> keyed() {
		return this.keyed;
	}

	/**
	 * Finds a client key by its text, as an operator types it (a key may be any object,
	 * such as a number from {@code #userId}): a key held here, or, for a store shared by
	 * every instance, the key the text stands for, which another instance may hold.
	 * @param text the key's {@code toString()}
	 * @return the key, or {@code null} if none is held (in memory)
	 */
	public @Nullable Object findKey(String text) {
		KeyedRateLimiter<Object> limiters = this.keyed;
		Object held = (limiters != null) ? ClientKey.findHeld(text, (key) -> limiters.find(key) != null, limiters::keys)
				: null;
		if (held != null) {
			return held;
		}
		return this.factory.keepsState() ? ClientKey.of(text) : null;
	}

	/**
	 * Changes the rate of the shared limiter and of every key's, keeping what they owe
	 * and how cold they are (see {@link RateLimiter#setRate(double)}). Lasts until the
	 * application restarts. Changes, resets and the creation of the per-key registry
	 * happen one at a time, so none of them can miss another. Logs nothing: the caller
	 * says who changed what, as the Actuator endpoint does.
	 * @param permitsPerSecond the new rate
	 * @throws IllegalArgumentException if the rate is out of range, in which case nothing
	 * changed
	 */
	public synchronized void setRate(double permitsPerSecond) {
		RateLimitSettings changed = this.settings.withRate(permitsPerSecond);
		this.shared.setRate(permitsPerSecond);
		KeyedRateLimiter<Object> limiters = this.keyed;
		if (limiters != null) {
			limiters.setRate(permitsPerSecond);
		}
		this.settings = changed;
	}

	/**
	 * Starts the limit afresh: a new shared limiter (a warming-up one is cold again) and
	 * no keys. Logs nothing, like {@link #setRate(double)}.
	 */
	public synchronized void reset() {
		this.factory.resetAll(this.settings);
		this.shared = this.factory.create(this.settings, this.settings.limiter(), null, Long.MIN_VALUE);
		KeyedRateLimiter<Object> limiters = this.keyed;
		if (limiters != null) {
			limiters.resetAll();
		}
	}

	/**
	 * Forgets one client key, here and in a store shared by every instance. Logs nothing,
	 * like {@link #setRate(double)}.
	 * @param key the key, as {@link #findKey(String)} found it
	 * @return whether it was held here or had a state in the store
	 */
	public boolean reset(Object key) {
		KeyedRateLimiter<Object> limiters = this.keyed;
		boolean held = limiters != null && limiters.reset(key);
		boolean stored = this.factory.reset(this.settings, key);
		return held || stored;
	}

	/**
	 * Returns how many calls the limit admitted.
	 * @return the count
	 */
	public long permitted() {
		return this.permitted.sum();
	}

	/**
	 * Returns how many calls the limit rejected.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	/**
	 * Returns how many admitted calls had to wait for their permit.
	 * @return the count
	 */
	public long waited() {
		return this.waited.sum();
	}

	/**
	 * Returns the time admitted calls spent waiting, in all.
	 * @return the total wait, in nanoseconds
	 */
	public long totalWaitNanos() {
		return this.waitNanos.sum();
	}

	/**
	 * Returns how many calls this dry-run limit would have rejected.
	 * @return the count
	 */
	public long dryRunRejections() {
		return this.dryRunRejections.sum();
	}

	/**
	 * Returns how many calls this dry-run limit would have made wait (its timeout allowed
	 * the wait); they went ahead at once.
	 * @return the count
	 */
	public long dryRunWaits() {
		return this.dryRunWaits.sum();
	}

	void recordPermitted(long waitNanos) {
		this.permitted.increment();
		if (waitNanos > 0) {
			this.waited.increment();
			this.waitNanos.add(waitNanos);
		}
	}

	void recordRejected() {
		this.rejected.increment();
	}

	void recordDryRunWait() {
		this.dryRunWaits.increment();
	}

	/**
	 * Counts a call that this dry-run limit would have rejected, and logs it at most once
	 * every ten seconds so that a busy limit cannot flood the log.
	 */
	void recordDryRunRejection(long waitNanos) {
		this.dryRunRejections.increment();
		this.dryRunLog
			.info(() -> "Dry-run rate limit '" + this.settings.name() + "' would have rejected a call (next permit in "
					+ waitNanos / 1_000_000 + " ms); " + this.dryRunRejections.sum() + " would-be rejections so far");
	}

}
