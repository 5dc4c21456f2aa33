package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.limiter.autoconfigure.ThrottledLog;
import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitRegistry;
import dev.limiter.autoconfigure.concurrency.RegisteredConcurrencyLimit;
import dev.limiter.core.TimeSource;
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
 * limit, the calls in flight and waiting now, and what it did, and a live change of a
 * cap's {@code max-concurrent} (until the application restarts) when writes are granted
 * ({@code management.endpoint.concurrencylimits.access=unrestricted}; read-only by
 * default). An unknown name answers {@code 404}
 * ({@link ConcurrencyLimitsEndpointWebExtension}); a value below 1, {@code 400}. Every
 * change is logged, at most one line per cap every ten seconds.
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
	 * Describes one cap.
	 * @param name the cap's name
	 * @return the description, or {@code null} (404) if there is no such cap
	 */
	@ReadOperation
	public @Nullable ConcurrencyLimitDescriptor concurrencyLimit(@Selector String name) {
		RegisteredConcurrencyLimit limit = this.registry.find(name);
		return (limit != null) ? describe(limit) : null;
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
			String message = "Concurrency limit '" + name + "' was not changed: maxConcurrent (" + maxConcurrent
					+ ") must be 1 or more";
			log.warn(() -> message);
			throw new InvalidEndpointRequestException(message, "maxConcurrent must be 1 or more");
		}
		int previous = limit.limiter().maxConcurrent();
		limit.limiter().setMaxConcurrent(maxConcurrent);
		log.info(() -> "Concurrency limit '" + name + "' changed from " + previous + " to " + maxConcurrent
				+ " calls in flight");
		return describe(limit);
	}

	private static ConcurrencyLimitDescriptor describe(RegisteredConcurrencyLimit limit) {
		return new ConcurrencyLimitDescriptor(limit.name(), limit.limiter().maxConcurrent(),
				limit.limiter().maxWaiting(), limit.timeout(), limit.limiter().inFlight(), limit.limiter().waiting(),
				limit.admitted(), limit.rejected());
	}

	/**
	 * Every cap, by name.
	 *
	 * @param limits the caps
	 */
	public record ConcurrencyLimitsDescriptor(Map<String, ConcurrencyLimitDescriptor> limits) {
	}

	/**
	 * One cap.
	 *
	 * @param name the cap's name
	 * @param maxConcurrent the most calls in flight at once, as it is now
	 * @param maxWaiting the most calls waiting at once
	 * @param timeout how long a call may wait for a slot
	 * @param inFlight calls holding a slot now
	 * @param waiting calls waiting for a slot now
	 * @param admitted calls that got a slot, since the application started
	 * @param rejected calls that got none
	 */
	public record ConcurrencyLimitDescriptor(String name, int maxConcurrent, int maxWaiting, Duration timeout,
			int inFlight, int waiting, long admitted, long rejected) {
	}

}
