package dev.limiter.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.limiter.core.Durations;
import dev.limiter.core.TimeSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether Redis can be reached, as the limiters sharing it see it. After a failure, calls
 * do not try Redis for {@code retryInterval} (they get the outage policy at once, so the
 * fallback path stays fast and a dead Redis is not hammered); then one call tries again,
 * and its success ends the outage. The start and the end of each outage are logged once.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RedisAvailability {

	private static final Log logger = LogFactory.getLog(RedisAvailability.class);

	private final TimeSource timeSource;

	private final long retryIntervalNanos;

	/** The outage in progress, or {@code null} while Redis answers. */
	private final AtomicReference<@Nullable Outage> outage = new AtomicReference<>();

	private final AtomicLong outages = new AtomicLong();

	private final AtomicLong failedCalls = new AtomicLong();

	/**
	 * Creates a view of Redis availability.
	 * @param timeSource the clock the retry interval runs on
	 * @param retryInterval how long calls skip Redis after a failure; positive
	 */
	public RedisAvailability(TimeSource timeSource, Duration retryInterval) {
		if (retryInterval.isNegative() || retryInterval.isZero()) {
			throw new IllegalArgumentException("retryInterval (" + retryInterval + ") must be positive");
		}
		this.timeSource = timeSource;
		this.retryIntervalNanos = Durations.toNanosSaturated(retryInterval);
	}

	/**
	 * Returns whether a call should try Redis: yes while it answers; during an outage,
	 * for one call once the retry interval has passed since the last try.
	 */
	boolean shouldTry() {
		Outage current = this.outage.get();
		if (current == null) {
			return true;
		}
		long now = this.timeSource.nanoTime();
		if (now - current.lastTryNanos() < this.retryIntervalNanos) {
			return false;
		}
		return this.outage.compareAndSet(current, current.triedAt(now));
	}

	/** How long until Redis is tried again; 0 while it answers. */
	long nanosUntilRetry() {
		Outage current = this.outage.get();
		if (current == null) {
			return 0;
		}
		return Math.max(0, current.lastTryNanos() + this.retryIntervalNanos - this.timeSource.nanoTime());
	}

	/**
	 * Records that Redis answered, ending an outage if there is one; for the limiters,
	 * and for anything else that reaches Redis for them, such as a health check.
	 */
	public void succeeded() {
		Outage ended = this.outage.getAndSet(null);
		if (ended != null) {
			logger.info("Redis answers rate limit calls again, after "
					+ Duration.ofNanos(this.timeSource.nanoTime() - ended.sinceNanos()) + " (" + this.failedCalls.get()
					+ " failed calls so far)");
		}
	}

	/**
	 * Records that Redis could not be reached, starting an outage if there is none.
	 * @param failure what went wrong
	 */
	public void failed(RuntimeException failure) {
		this.failedCalls.incrementAndGet();
		long now = this.timeSource.nanoTime();
		Outage started = new Outage(now, now, String.valueOf(failure.getMessage()));
		Outage previous = this.outage.getAndUpdate((current) -> (current != null) ? current.triedAt(now) : started);
		if (previous == null) {
			this.outages.incrementAndGet();
			logger.warn("Redis cannot be reached for rate limits (" + failure + "); limits follow their outage "
					+ "policy until it answers again");
		}
	}

	/**
	 * Returns whether an outage is in progress.
	 * @return whether Redis is considered down
	 */
	public boolean isDown() {
		return this.outage.get() != null;
	}

	/**
	 * Returns what the failure that started the current outage said.
	 * @return the reason, or {@code null} while Redis answers
	 */
	public @Nullable String reason() {
		Outage current = this.outage.get();
		return (current != null) ? current.reason() : null;
	}

	/**
	 * Returns how many outages there were.
	 * @return the count
	 */
	public long outages() {
		return this.outages.get();
	}

	/**
	 * Returns how many calls to Redis failed.
	 * @return the count
	 */
	public long failedCalls() {
		return this.failedCalls.get();
	}

	private record Outage(long sinceNanos, long lastTryNanos, String reason) {

		Outage triedAt(long nanos) {
			return new Outage(this.sinceNanos, nanos, this.reason);
		}

	}

}
