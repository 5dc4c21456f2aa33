package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;

import dev.limiter.autoconfigure.ratelimit.RateLimitSettings;
import org.jspecify.annotations.Nullable;

/**
 * A cap on calls in flight with every value resolved and checked: what the registry
 * builds limiters from.
 *
 * @param name the limit's name, shown in responses, logs and metrics
 * @param maxConcurrent the most calls in flight at once (for an adaptive limit, the most
 * it grows to)
 * @param minConcurrent for an adaptive limit, the least it shrinks to and where it
 * starts; else {@code maxConcurrent}
 * @param adaptive whether the cap follows measured latency
 * @param timeout how long a call may wait for a slot; zero rejects at once
 * @param maxWaiting the most calls waiting at once
 * @param dryRun whether the limit only counts and logs calls that found no free slot
 * @param maxKeys the most client keys a per-client use of the limit holds
 * @param keyIdleExpiry how long a client key may go unused before it is dropped
 * @author The limiter authors
 * @since 0.1.0
 */
public record ConcurrencyLimitSettings(String name, int maxConcurrent, int minConcurrent, boolean adaptive,
		Duration timeout, int maxWaiting, boolean dryRun, long maxKeys, Duration keyIdleExpiry) {

	/**
	 * Resolves a limit's properties and checks every value.
	 * @param name the limit's name
	 * @param properties its values
	 * @return the settings
	 * @throws InvalidConcurrencyLimitException naming the value that is missing, out of
	 * range, or contradicts another
	 */
	public static ConcurrencyLimitSettings resolve(String name, ConcurrencyLimitProperties properties) {
		String where = "limiter.concurrency-limits." + name + ".";
		Integer maxConcurrent = properties.getMaxConcurrent();
		if (maxConcurrent == null || maxConcurrent < 1) {
			throw new InvalidConcurrencyLimitException(where + "max-concurrent",
					(maxConcurrent == null) ? "no value is set" : "the value " + maxConcurrent + " is not allowed",
					"Set the most calls in flight at once, 1 or more");
		}
		int minConcurrent = minConcurrent(properties, maxConcurrent, where + "min-concurrent");
		Duration timeout = properties.getTimeout();
		if (timeout.isNegative()) {
			throw invalid(where + "timeout", timeout, "a duration of 0 (reject at once) or more");
		}
		Integer maxWaiting = properties.getMaxWaiting();
		if (maxWaiting != null && maxWaiting < 0) {
			throw invalid(where + "max-waiting", maxWaiting,
					"0 (no call waits) or more; leave it out for as many as max-concurrent");
		}
		long maxKeys = orDefault(properties.getMaxKeys(), RateLimitSettings.DEFAULT_MAX_KEYS);
		if (maxKeys < 1) {
			throw invalid(where + "max-keys", maxKeys, "1 or more");
		}
		Duration keyIdleExpiry = orDefault(properties.getKeyIdleExpiry(), RateLimitSettings.DEFAULT_KEY_IDLE_EXPIRY);
		if (keyIdleExpiry.isNegative() || keyIdleExpiry.isZero()) {
			throw invalid(where + "key-idle-expiry", keyIdleExpiry, "a positive duration");
		}
		return new ConcurrencyLimitSettings(name, maxConcurrent, minConcurrent, properties.isAdaptive(), timeout,
				orDefault(maxWaiting, maxConcurrent), properties.isDryRun(), maxKeys, keyIdleExpiry);
	}

	private static int minConcurrent(ConcurrencyLimitProperties properties, int maxConcurrent, String where) {
		Integer minConcurrent = properties.getMinConcurrent();
		if (!properties.isAdaptive()) {
			if (minConcurrent != null) {
				throw new InvalidConcurrencyLimitException(where,
						"min-concurrent (" + minConcurrent + ") is set on a limit that is not adaptive",
						"Set adaptive: true as well to let the cap follow latency, or remove min-concurrent");
			}
			return maxConcurrent;
		}
		int resolved = orDefault(minConcurrent, 1);
		if (resolved < 1 || resolved > maxConcurrent) {
			throw invalid(where, resolved, "1 to max-concurrent (" + maxConcurrent + ")");
		}
		return resolved;
	}

	/**
	 * Returns the cap a new limiter starts at: {@code minConcurrent} for an adaptive
	 * limit (a cold service is let in slowly), else {@code maxConcurrent}.
	 * @return the initial cap
	 */
	public int initialConcurrent() {
		return this.adaptive ? this.minConcurrent : this.maxConcurrent;
	}

	private static InvalidConcurrencyLimitException invalid(String where, Object value, String allowed) {
		return new InvalidConcurrencyLimitException(where, "the value " + value + " is not allowed", "Use " + allowed);
	}

	private static <T> T orDefault(@Nullable T value, T builtIn) {
		return (value != null) ? value : builtIn;
	}

}
