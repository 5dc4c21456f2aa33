package dev.limiter.autoconfigure.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One limit in the {@link RateLimitRegistry}: its settings, the limiter shared by calls without a
 * key, and the per-key limiters of calls with one.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RegisteredRateLimit {

	private static final Log logger = LogFactory.getLog(RegisteredRateLimit.class);

	/** At most one dry-run log line per limit every ten seconds. */
	private static final RateLimiterConfig DRY_RUN_LOG_RATE = RateLimiterConfig.bursty(0.1, java.time.Duration.ZERO);

	private final RateLimitSettings settings;

	private final TimeSource timeSource;

	private final RateLimiter shared;

	private volatile @Nullable KeyedRateLimiter<Object> keyed;

	private final AtomicLong dryRunRejections = new AtomicLong();

	private final RateLimiter dryRunLog;

	RegisteredRateLimit(RateLimitSettings settings, TimeSource timeSource) {
		this.settings = settings;
		this.timeSource = timeSource;
		this.shared = RateLimiter.create(settings.limiter(), timeSource);
		this.dryRunLog = RateLimiter.create(DRY_RUN_LOG_RATE, timeSource);
	}

	/**
	 * Returns the limit's settings.
	 * @return the settings
	 */
	public RateLimitSettings settings() {
		return this.settings;
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
	 * @param key the client key
	 * @return the key's limiter
	 */
	public RateLimiter forKey(Object key) {
		KeyedRateLimiter<Object> limiters = this.keyed;
		if (limiters == null) {
			synchronized (this) {
				limiters = this.keyed;
				if (limiters == null) {
					limiters = new KeyedRateLimiter<>(this.settings.limiter(), this.settings.maxKeys(),
							this.settings.keyIdleExpiry(), this.timeSource);
					this.keyed = limiters;
				}
			}
		}
		return limiters.limiter(key);
	}

	/**
	 * Returns the per-key limiters, if any call with a key has been made.
	 * @return the per-key limiters, or {@code null}
	 */
	public @Nullable KeyedRateLimiter<Object> keyed() {
		return this.keyed;
	}

	/**
	 * Returns how many calls this dry-run limit would have rejected.
	 * @return the count
	 */
	public long dryRunRejections() {
		return this.dryRunRejections.get();
	}

	/**
	 * Counts a call that this dry-run limit would have rejected, and logs it at most once every
	 * ten seconds so that a busy limit cannot flood the log.
	 */
	void recordDryRunRejection(long waitNanos) {
		long count = this.dryRunRejections.incrementAndGet();
		if (logger.isInfoEnabled() && this.dryRunLog.tryAcquire()) {
			logger.info("Dry-run rate limit '" + this.settings.name() + "' would have rejected a call (next permit in "
					+ waitNanos / 1_000_000 + " ms); " + count + " would-be rejections so far");
		}
	}

}
