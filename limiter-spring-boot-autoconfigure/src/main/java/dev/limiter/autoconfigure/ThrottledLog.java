package dev.limiter.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import org.apache.commons.logging.Log;

/**
 * Writes at most one line per interval to a log, and says in the next line written how
 * many were left out, so that something a caller can repeat at will (1,000 refused
 * {@code POST}s, a dry-run limit rejecting every call) cannot flood the log.
 *
 * <pre>{@code
 * ThrottledLog log = new ThrottledLog(logger, Duration.ofSeconds(10), timeSource);
 * log.warn(() -> "Rate limit 'search' was not changed: " + reason);
 * // Rate limit 'search' was not changed: ... (999 more lines suppressed)
 * }</pre>
 *
 * <p>
 * The throttle is our own bursty {@link RateLimiter} with no burst, one permit per
 * interval, on the given {@link TimeSource}: the first line goes at once, and one more
 * each interval after. One throttle covers every level it writes at. A line whose level
 * is off is neither written nor counted, and its message is never built.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class ThrottledLog {

	private final Log log;

	private final RateLimiter throttle;

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Creates a throttled log.
	 * @param log where lines go
	 * @param interval the least time between two lines; positive
	 * @param timeSource the clock the interval is measured on
	 * @throws IllegalArgumentException if the interval is not positive
	 */
	public ThrottledLog(Log log, Duration interval, TimeSource timeSource) {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval (" + interval + ") must be positive");
		}
		this.log = log;
		this.throttle = RateLimiter.create(RateLimiterConfig.bursty(1e9 / interval.toNanos(), Duration.ZERO),
				timeSource);
	}

	/**
	 * Writes a line at INFO, unless one was written less than an interval ago.
	 * @param message the line, built only if it is written
	 */
	public void info(Supplier<String> message) {
		if (this.log.isInfoEnabled() && mayWrite()) {
			this.log.info(withSuppressed(message.get()));
		}
	}

	/**
	 * Writes a line at WARN, unless one was written less than an interval ago.
	 * @param message the line, built only if it is written
	 */
	public void warn(Supplier<String> message) {
		if (this.log.isWarnEnabled() && mayWrite()) {
			this.log.warn(withSuppressed(message.get()));
		}
	}

	private boolean mayWrite() {
		if (this.throttle.tryAcquire()) {
			return true;
		}
		this.suppressed.incrementAndGet();
		return false;
	}

	private String withSuppressed(String message) {
		long suppressed = this.suppressed.getAndSet(0);
		return (suppressed > 0) ? message + " (" + suppressed + " more lines suppressed)" : message;
	}

}
