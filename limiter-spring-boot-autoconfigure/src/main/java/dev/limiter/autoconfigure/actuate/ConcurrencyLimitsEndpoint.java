package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitRegistry;
import dev.limiter.autoconfigure.concurrency.RegisteredConcurrencyLimit;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/concurrencylimits}: every cap on calls in flight, with its current
 * limit, the calls in flight and waiting now, and what it did. An unknown name answers
 * {@code 404}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Endpoint(id = "concurrencylimits")
public class ConcurrencyLimitsEndpoint {

	private final ConcurrencyLimitRegistry registry;

	/**
	 * Creates the endpoint.
	 * @param registry the caps
	 */
	public ConcurrencyLimitsEndpoint(ConcurrencyLimitRegistry registry) {
		this.registry = registry;
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
