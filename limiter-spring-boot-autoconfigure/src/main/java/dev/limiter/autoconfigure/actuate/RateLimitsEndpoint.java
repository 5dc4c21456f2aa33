package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.limiter.autoconfigure.ThrottledLog;
import dev.limiter.autoconfigure.ratelimit.KeyedRateLimiter;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimitSettings;
import dev.limiter.autoconfigure.ratelimit.RegisteredRateLimit;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.RateLimiterSnapshot;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/ratelimits}: every rate limit's configuration, live state and counts;
 * one limit, or one client key of it ({@code ?key=}); and, for operators granted write
 * access, a live rate change ({@code POST {"rate": 20}}) and a reset ({@code DELETE},
 * optionally {@code ?key=}).
 *
 * <p>
 * Writes are off by default ({@link Access#READ_ONLY}): grant them with
 * {@code management.endpoint.ratelimits.access=unrestricted}. A change lasts until the
 * application restarts. A refused change answers 400 and is logged with its reason; the
 * response carries the reason too when {@code spring.web.error.include-message=always}
 * (Spring Boot hides messages by default). A write to an unknown limit or key returns
 * {@code null}; over HTTP, {@link RateLimitsEndpointWebExtension} makes that a 404.
 *
 * <p>
 * Every write is logged, at most one line per limit every ten seconds
 * ({@link ThrottledLog}), so that a caller repeating a write cannot flood the log; the
 * next line says how many were left out. A client key may be secret (an API key), so a
 * key reset is logged without it at INFO, and with it only at DEBUG.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Endpoint(id = "ratelimits", defaultAccess = Access.READ_ONLY)
public class RateLimitsEndpoint {

	private static final Log logger = LogFactory.getLog(RateLimitsEndpoint.class);

	/** At most one write log line per limit in this long. */
	private static final Duration WRITE_LOG_INTERVAL = Duration.ofSeconds(10);

	private final RateLimitRegistry registry;

	/** Write log throttles by limit name; only limits that exist get one. */
	private final Map<String, ThrottledLog> writeLogs = new ConcurrentHashMap<>();

	/**
	 * Creates the endpoint.
	 * @param registry the limits; write log throttles run on its clock
	 */
	public RateLimitsEndpoint(RateLimitRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Describes every limit.
	 * @return the limits by name
	 */
	@ReadOperation
	public RateLimitsDescriptor rateLimits() {
		Map<String, RateLimitDescriptor> limits = new TreeMap<>();
		for (RegisteredRateLimit limit : this.registry.all()) {
			limits.put(limit.settings().name(), describe(limit, limit.shared(), null));
		}
		return new RateLimitsDescriptor(limits);
	}

	/**
	 * Describes one limit, or one client key's limiter of it.
	 * @param name the limit's name
	 * @param key a client key, as text
	 * @return the description, or {@code null} (404) if there is no such limit or key
	 */
	@ReadOperation
	public @Nullable RateLimitDescriptor rateLimit(@Selector String name, @Nullable String key) {
		RegisteredRateLimit limit = this.registry.find(name);
		if (limit == null) {
			return null;
		}
		if (key == null) {
			return describe(limit, limit.shared(), null);
		}
		Object found = limit.findKey(key);
		KeyedRateLimiter<Object> keyed = limit.keyed();
		RateLimiter limiter = (found != null && keyed != null) ? keyed.find(found) : null;
		return (limiter != null) ? describe(limit, limiter, key) : null;
	}

	/**
	 * Changes a limit's rate, for its shared limiter and every key's, until the
	 * application restarts.
	 * @param name the limit's name
	 * @param rate the new rate, in permits per second
	 * @return the limit as it is now, or {@code null} (404) if there is no such limit
	 */
	@WriteOperation
	public @Nullable RateLimitDescriptor setRate(@Selector String name, double rate) {
		RegisteredRateLimit limit = this.registry.find(name);
		if (limit == null) {
			return null;
		}
		double previous = limit.shared().config().permitsPerSecond();
		try {
			limit.setRate(rate);
		}
		catch (IllegalArgumentException ex) {
			String message = "Rate limit '" + name + "' was not changed: " + ex.getMessage();
			writeLog(limit).warn(() -> message);
			throw new InvalidEndpointRequestException(message, "rate " + rate + " must be from "
					+ RateLimiterConfig.MIN_PERMITS_PER_SECOND + " to " + RateLimiterConfig.MAX_PERMITS_PER_SECOND);
		}
		writeLog(limit)
			.info(() -> "Rate limit '" + name + "' changed from " + previous + " to " + rate + " permits per second");
		return describe(limit, limit.shared(), null);
	}

	/**
	 * Starts a limit afresh (a warming-up limit is cold again, and every key is
	 * forgotten), or forgets one client key.
	 * @param name the limit's name
	 * @param key a client key, as text, or none for the whole limit
	 * @return the limit as it is now, or {@code null} (404) if there is no such limit or
	 * key
	 */
	@DeleteOperation
	public @Nullable RateLimitDescriptor reset(@Selector String name, @Nullable String key) {
		RegisteredRateLimit limit = this.registry.find(name);
		if (limit == null) {
			return null;
		}
		if (key == null) {
			limit.reset();
			writeLog(limit).info(() -> "Rate limit '" + name + "' reset");
		}
		else {
			Object found = limit.findKey(key);
			if (found == null || !limit.reset(found)) {
				return null;
			}
			writeLog(limit).info(() -> "Rate limit '" + name + "' reset for one client key");
			if (logger.isDebugEnabled()) {
				logger.debug("Rate limit '" + name + "' reset for client key '" + key + "'");
			}
		}
		return describe(limit, limit.shared(), null);
	}

	private ThrottledLog writeLog(RegisteredRateLimit limit) {
		return this.writeLogs.computeIfAbsent(limit.settings().name(),
				(name) -> new ThrottledLog(logger, WRITE_LOG_INTERVAL, this.registry.timeSource()));
	}

	private static RateLimitDescriptor describe(RegisteredRateLimit limit, RateLimiter limiter, @Nullable String key) {
		RateLimitSettings settings = limit.settings();
		// the limiter's: in a shared store it follows a change made on another instance
		RateLimiterConfig config = limiter.config();
		KeyedRateLimiter<Object> keyed = limit.keyed();
		return new RateLimitDescriptor(settings.name(), ConfigDescriptor.of(settings, config), limiter.snapshot(),
				new CountsDescriptor(limit.permitted(), limit.rejected(), limit.waited(),
						Duration.ofNanos(limit.totalWaitNanos()), limit.dryRunRejections(), limit.dryRunWaits()),
				(keyed != null) ? new KeysDescriptor(keyed.size(), settings.maxKeys(), settings.keyIdleExpiry()) : null,
				key, limit.storeOutage());
	}

	/**
	 * Every limit, by name.
	 *
	 * @param limits the limits
	 */
	public record RateLimitsDescriptor(Map<String, RateLimitDescriptor> limits) {
	}

	/**
	 * One limit (or one key of it).
	 *
	 * @param name the limit's name
	 * @param config how it is configured, including a rate changed at run time
	 * @param state the live state of the shared limiter, or of the key's when {@code key}
	 * is set: stored, threshold and maximum permits, the warm-up phase, what the next
	 * permit costs, and how long until the limiter is free
	 * @param counts what the limit did, for all its callers and keys
	 * @param keys the per-client limiters, if the limit is used with a key
	 * @param key the client key described, if one was asked for
	 * @param storeOutage while the limit's store (Redis) cannot be reached, why, and what
	 * calls get meanwhile (the state is then this instance's fallback's); {@code null}
	 * otherwise
	 */
	public record RateLimitDescriptor(String name, ConfigDescriptor config, RateLimiterSnapshot state,
			CountsDescriptor counts, @Nullable KeysDescriptor keys, @Nullable String key,
			@Nullable String storeOutage) {
	}

	/**
	 * A limit's configuration.
	 *
	 * @param algorithm {@code bursty} or {@code warming-up}
	 * @param rate permits per second once warm
	 * @param warmup the warm-up, for a warming-up limit
	 * @param coldFactor the cold factor, for a warming-up limit
	 * @param maxBurst the maximum burst, for a bursty limit
	 * @param timeout how long a call may wait
	 * @param dryRun whether the limit only counts what it would reject
	 * @param store where the limit's state lives
	 */
	public record ConfigDescriptor(String algorithm, double rate, @Nullable Duration warmup,
			@Nullable Double coldFactor, @Nullable Duration maxBurst, Duration timeout, boolean dryRun, String store) {

		private static String store(RateLimitSettings settings) {
			return settings.store().name().toLowerCase(Locale.ROOT);
		}

		static ConfigDescriptor of(RateLimitSettings settings, RateLimiterConfig config) {
			if (config instanceof RateLimiterConfig.WarmingUp warmingUp) {
				return new ConfigDescriptor("warming-up", warmingUp.permitsPerSecond(), warmingUp.warmup(),
						warmingUp.coldFactor(), null, settings.timeout(), settings.dryRun(), store(settings));
			}
			RateLimiterConfig.Bursty bursty = (RateLimiterConfig.Bursty) config;
			return new ConfigDescriptor("bursty", bursty.permitsPerSecond(), null, null, bursty.maxBurst(),
					settings.timeout(), settings.dryRun(), store(settings));
		}

	}

	/**
	 * What a limit did since the application started.
	 *
	 * @param permitted calls admitted
	 * @param rejected calls rejected
	 * @param waited admitted calls that waited for their permit
	 * @param totalWait time admitted calls spent waiting, in all
	 * @param dryRunRejections calls a dry-run limit would have rejected
	 * @param dryRunWaits calls a dry-run limit would have made wait (they went ahead at
	 * once)
	 */
	public record CountsDescriptor(long permitted, long rejected, long waited, Duration totalWait,
			long dryRunRejections, long dryRunWaits) {
	}

	/**
	 * A limit's per-client limiters.
	 *
	 * @param live how many keys are held now (approximately)
	 * @param maxKeys the most keys held
	 * @param idleExpiry how long an unused key is kept
	 */
	public record KeysDescriptor(long live, long maxKeys, Duration idleExpiry) {
	}

}
