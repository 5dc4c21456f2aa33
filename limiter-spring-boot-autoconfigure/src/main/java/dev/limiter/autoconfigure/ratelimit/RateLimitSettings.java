package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.function.Function;

import dev.limiter.core.RateLimiterConfig;
import org.jspecify.annotations.Nullable;

/**
 * A rate limit with every value resolved and checked: what the registry builds limiters
 * from.
 *
 * @param name the limit's name, shown in headers, logs and metrics
 * @param limiter the algorithm and its parameters
 * @param timeout how long a call may wait for a permit; zero rejects at once
 * @param dryRun whether the limit only counts and logs what it would reject
 * @param maxKeys the most client keys a per-client use of the limit holds
 * @param keyIdleExpiry how long a client key may go unused before it is dropped
 * @param store where the limit keeps its state
 * @author The limiter authors
 * @since 0.1.0
 */
public record RateLimitSettings(String name, RateLimiterConfig limiter, Duration timeout, boolean dryRun, long maxKeys,
		Duration keyIdleExpiry, RateLimitStore store) {

	/** The most client keys a per-client limit holds when not set; caps share it. */
	public static final long DEFAULT_MAX_KEYS = 10_000;

	/** How long a client key may go unused when not set; caps share it. */
	public static final Duration DEFAULT_KEY_IDLE_EXPIRY = Duration.ofMinutes(10);

	/**
	 * Resolves a limit against the defaults and checks every value.
	 * @param name the limit's name
	 * @param limit the limit's own values
	 * @param defaults the values it falls back to
	 * @param where names a value for messages: takes a property name such as
	 * {@code cold-factor} and returns where it was written, such as
	 * {@code limiter.rate-limits.search.cold-factor}
	 * @return the settings
	 * @throws InvalidRateLimitException naming the value that is missing, out of range,
	 * or contradicts another
	 */
	public static RateLimitSettings resolve(String name, RateLimitProperties limit, RateLimitProperties defaults,
			Function<String, String> where) {
		Double rate = either(limit.getRate(), defaults.getRate());
		if (rate == null) {
			throw new InvalidRateLimitException(where.apply("rate"), "no rate is set",
					"Set the rate in permits per second, on the limit or in limiter.rate-limit-defaults");
		}
		if (!(rate >= RateLimiterConfig.MIN_PERMITS_PER_SECOND && rate <= RateLimiterConfig.MAX_PERMITS_PER_SECOND)) {
			throw invalid(where.apply("rate"), rate,
					"a number of permits per second from " + RateLimiterConfig.MIN_PERMITS_PER_SECOND
							+ " (one permit in about 31.7 years) to " + RateLimiterConfig.MAX_PERMITS_PER_SECOND
							+ " (one per nanosecond)");
		}
		Duration warmup = either(limit.getWarmup(), defaults.getWarmup());
		RateLimiterConfig config = (warmup != null) ? warmingUp(rate, warmup, limit, defaults, where)
				: bursty(rate, limit, defaults, where);
		Duration timeout = orDefault(either(limit.getTimeout(), defaults.getTimeout()), Duration.ZERO);
		if (timeout.isNegative()) {
			throw invalid(where.apply("timeout"), timeout, "a duration of 0 (reject at once) or more");
		}
		long maxKeys = orDefault(either(limit.getMaxKeys(), defaults.getMaxKeys()), DEFAULT_MAX_KEYS);
		if (maxKeys < 1) {
			throw invalid(where.apply("max-keys"), maxKeys, "1 or more");
		}
		Duration keyIdleExpiry = orDefault(either(limit.getKeyIdleExpiry(), defaults.getKeyIdleExpiry()),
				DEFAULT_KEY_IDLE_EXPIRY);
		if (keyIdleExpiry.isNegative() || keyIdleExpiry.isZero()) {
			throw invalid(where.apply("key-idle-expiry"), keyIdleExpiry, "a positive duration");
		}
		boolean dryRun = orDefault(either(limit.getDryRun(), defaults.getDryRun()), false);
		RateLimitStore store = orDefault(either(limit.getStore(), defaults.getStore()), RateLimitStore.MEMORY);
		return new RateLimitSettings(name, config, timeout, dryRun, maxKeys, keyIdleExpiry, store);
	}

	/**
	 * Returns these settings with another rate.
	 * @param permitsPerSecond the new rate
	 * @return the changed settings
	 * @throws IllegalArgumentException if the rate is out of range
	 */
	public RateLimitSettings withRate(double permitsPerSecond) {
		return new RateLimitSettings(this.name, this.limiter.withPermitsPerSecond(permitsPerSecond), this.timeout,
				this.dryRun, this.maxKeys, this.keyIdleExpiry, this.store);
	}

	private static RateLimiterConfig warmingUp(double rate, Duration warmup, RateLimitProperties limit,
			RateLimitProperties defaults, Function<String, String> where) {
		if (limit.getMaxBurst() != null) {
			throw new InvalidRateLimitException(where.apply("max-burst"),
					"max-burst (" + limit.getMaxBurst() + ") is set on a warming-up limit (warmup " + warmup + ")",
					"Remove max-burst: it applies to bursty limits, whose stored permits are free; "
							+ "a warming-up limit stores up to one warm-up period's worth, priced by the warm-up curve");
		}
		if (warmup.isNegative() || warmup.isZero()) {
			throw invalid(where.apply("warmup"), warmup,
					"a positive duration; leave warmup out for a limit without warm-up");
		}
		double coldFactor = orDefault(either(limit.getColdFactor(), defaults.getColdFactor()),
				RateLimiterConfig.DEFAULT_COLD_FACTOR);
		if (!(coldFactor >= 1 && coldFactor <= RateLimiterConfig.MAX_COLD_FACTOR)) {
			throw invalid(where.apply("cold-factor"), coldFactor,
					"a number from 1 to " + RateLimiterConfig.MAX_COLD_FACTOR + " (a million times slower when cold)");
		}
		return RateLimiterConfig.warmingUp(rate, warmup, coldFactor);
	}

	private static RateLimiterConfig bursty(double rate, RateLimitProperties limit, RateLimitProperties defaults,
			Function<String, String> where) {
		if (limit.getColdFactor() != null) {
			throw new InvalidRateLimitException(where.apply("cold-factor"),
					"cold-factor (" + limit.getColdFactor() + ") is set on a limit without warmup",
					"Set warmup as well to make it a warming-up limit, or remove cold-factor");
		}
		Duration maxBurst = orDefault(either(limit.getMaxBurst(), defaults.getMaxBurst()),
				RateLimiterConfig.DEFAULT_MAX_BURST);
		if (maxBurst.isNegative()) {
			throw invalid(where.apply("max-burst"), maxBurst, "a duration of 0 (store nothing) or more");
		}
		return RateLimiterConfig.bursty(rate, maxBurst);
	}

	private static InvalidRateLimitException invalid(String where, Object value, String allowed) {
		return new InvalidRateLimitException(where, "the value " + value + " is not allowed", "Use " + allowed);
	}

	private static <T> @Nullable T either(@Nullable T value, @Nullable T fallback) {
		return (value != null) ? value : fallback;
	}

	private static <T> T orDefault(@Nullable T value, T builtIn) {
		return (value != null) ? value : builtIn;
	}

}
