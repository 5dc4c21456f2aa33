package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.limiter.autoconfigure.ThrottledLog;
import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitRegistry;
import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitSettings;
import dev.limiter.autoconfigure.concurrency.RegisteredConcurrencyLimit;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/concurrencylimits}: every cap on calls in flight, with its current
 * limit, the calls in flight and waiting now, and what it did; one client key's cap of a
 * per-client limit on request ({@code ?key=}); and a live change of a cap's
 * {@code max-concurrent} (until the application restarts) when writes are granted
 * ({@code management.endpoint.concurrencylimits.access=unrestricted}; read-only by
 * default). An unknown name or key answers {@code 404}
 * ({@link ConcurrencyLimitsEndpointWebExtension}); a value below 1, or a change of an
 * adaptive cap (which follows latency), {@code 400}. Every change is logged, at most one
 * line per cap every ten seconds.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Endpoint(id = "concurrencylimits", defaultAccess = Access.READ_ONLY)
public class ConcurrencyLimitsEndpoint {

	private static final Log logger = LogFactory.getLog(ConcurrencyLimitsEndpoint.class);

	/** At most one write log line per cap in this long. */
	private static final Duration WRITE_LOG_INTERVAL = Duration.ofSeconds(10);

	private final ConcurrencyLimitRegistry registry;

	private final TimeSource timeSource;

	/** Write log throttles by cap name; only caps that exist get one. */
	private final Map<String, ThrottledLog> writeLogs = new ConcurrentHashMap<>();

	/**
	 * Creates the endpoint.
	 * @param registry the caps
	 * @param timeSource what write log throttles run on
	 */
	public ConcurrencyLimitsEndpoint(ConcurrencyLimitRegistry registry, TimeSource timeSource) {
		this.registry = registry;
		this.timeSource = timeSource;
	}

	/**
	 * Describes every cap.
	 * @return the caps by name
	 */
	@ReadOperation
	public ConcurrencyLimitsDescriptor concurrencyLimits() {
		Map<String, ConcurrencyLimitDescriptor> limits = new TreeMap<>();
		for (RegisteredConcurrencyLimit limit : this.registry.all()) {
			limits.put(limit.name(), describe(limit));
		}
		return new ConcurrencyLimitsDescriptor(limits);
	}

	/**
	 * Describes one cap, or one client key's cap of it.
	 * @param name the cap's name
	 * @param key a client key, as text
	 * @return the description, or {@code null} (404) if there is no such cap or key
	 */
	@ReadOperation
	public @Nullable ConcurrencyLimitDescriptor concurrencyLimit(@Selector String name, @Nullable String key) {
		RegisteredConcurrencyLimit limit = this.registry.find(name);
		if (limit == null) {
			return null;
		}
		if (key == null) {
			return describe(limit);
		}
		ConcurrencyLimiter limiter = limit.findKey(key);
		return (limiter != null) ? describe(limit, limiter, key) : null;
	}

	/**
	 * Changes a cap's most calls in flight: more lets waiting calls in at once; fewer
	 * lets the calls in flight finish, and new ones in only under the new bound.
	 * @param name the cap's name
	 * @param maxConcurrent the new bound, 1 or more
	 * @return the cap as it is now, or {@code null} (404) if there is no such cap
	 */
	@WriteOperation
	public @Nullable ConcurrencyLimitDescriptor setMaxConcurrent(@Selector String name, int maxConcurrent) {
		RegisteredConcurrencyLimit limit = this.registry.find(name);
		if (limit == null) {
			return null;
		}
		ThrottledLog log = this.writeLogs.computeIfAbsent(name,
				(key) -> new ThrottledLog(logger, WRITE_LOG_INTERVAL, this.timeSource));
		if (maxConcurrent < 1) {
			throw refused(log, name, "maxConcurrent (" + maxConcurrent + ") must be 1 or more");
		}
		if (limit.settings().adaptive()) {
			throw refused(log, name,
					"it is adaptive, so its cap follows latency between min-concurrent ("
							+ limit.settings().minConcurrent() + ") and max-concurrent ("
							+ limit.settings().maxConcurrent() + "); change those in the configuration");
		}
		int previous = limit.maxConcurrent();
		limit.setMaxConcurrent(maxConcurrent);
		log.info(() -> "Concurrency limit '" + name + "' changed from " + previous + " to " + maxConcurrent
				+ " calls in flight");
		return describe(limit);
	}

	private static InvalidEndpointRequestException refused(ThrottledLog log, String name, String reason) {
		String message = "Concurrency limit '" + name + "' was not changed: " + reason;
		log.warn(() -> message);
		return new InvalidEndpointRequestException(message, reason);
	}

	private static ConcurrencyLimitDescriptor describe(RegisteredConcurrencyLimit limit) {
		ConcurrencyLimitSettings settings = limit.settings();
		return new ConcurrencyLimitDescriptor(limit.name(), null, limit.maxConcurrent(), settings.adaptive(),
				settings.adaptive() ? settings.minConcurrent() : null, settings.maxWaiting(), settings.timeout(),
				settings.dryRun(), limit.inFlight(), limit.waiting(), limit.keys(), limit.admitted(), limit.rejected(),
				limit.dryRunUnavailable());
	}

	private static ConcurrencyLimitDescriptor describe(RegisteredConcurrencyLimit limit, ConcurrencyLimiter keyed,
			String key) {
		ConcurrencyLimitSettings settings = limit.settings();
		return new ConcurrencyLimitDescriptor(limit.name(), key, keyed.maxConcurrent(), settings.adaptive(),
				settings.adaptive() ? settings.minConcurrent() : null, settings.maxWaiting(), settings.timeout(),
				settings.dryRun(), keyed.inFlight(), keyed.waiting(), null, null, null, null);
	}

	/**
	 * Every cap, by name.
	 *
	 * @param limits the caps
	 */
	public record ConcurrencyLimitsDescriptor(Map<String, ConcurrencyLimitDescriptor> limits) {
	}

	/**
	 * One cap, or one client key's cap.
	 *
	 * @param name the cap's name
	 * @param key the client key described, or {@code null} for the whole limit
	 * @param maxConcurrent the most calls in flight at once, as it is now (for a limit
	 * whose annotations give a key, each key's cap)
	 * @param adaptive whether the cap follows latency
	 * @param minConcurrent the least an adaptive cap shrinks to; {@code null} otherwise
	 * @param maxWaiting the most calls waiting at once
	 * @param timeout how long a call may wait for a slot
	 * @param dryRun whether the cap only counts the calls that found no free slot
	 * @param inFlight calls holding a slot now (for the whole limit: under the shared cap
	 * and every key's)
	 * @param waiting calls waiting for a slot now
	 * @param keys the client keys held; only for the whole limit
	 * @param admitted calls that got a slot, since the application started; only for the
	 * whole limit
	 * @param rejected calls that got none; only for the whole limit
	 * @param dryRunUnavailable calls a dry-run cap let run without a slot; only for the
	 * whole limit
	 */
	public record ConcurrencyLimitDescriptor(String name, @Nullable String key, int maxConcurrent, boolean adaptive,
			@Nullable Integer minConcurrent, int maxWaiting, Duration timeout, boolean dryRun, int inFlight,
			int waiting, @Nullable Long keys, @Nullable Long admitted, @Nullable Long rejected,
			@Nullable Long dryRunUnavailable) {
	}

}
