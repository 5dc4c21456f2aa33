package dev.limiter.autoconfigure.concurrency;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * The caps on calls in flight configured under {@code limiter.concurrency-limits}, made
 * and checked at startup: a bad value fails the application naming the property.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitRegistry {

	private final Map<String, RegisteredConcurrencyLimit> limits;

	/**
	 * Creates the registry.
	 * @param configured the limits by name
	 * @param timeSource what waits time out on and latency is measured by
	 * @throws InvalidConcurrencyLimitException if a value is out of range
	 */
	public ConcurrencyLimitRegistry(Map<String, ConcurrencyLimitProperties> configured, TimeSource timeSource) {
		Map<String, RegisteredConcurrencyLimit> limits = new LinkedHashMap<>();
		configured.forEach((name, properties) -> limits.put(name, new RegisteredConcurrencyLimit(
				ConcurrencyLimitSettings.resolve(name, properties), timeSource, ForkJoinPool.commonPool())));
		this.limits = Collections.unmodifiableMap(limits);
	}

	/**
	 * Finds a limit by name.
	 * @param name the limit's name
	 * @return the limit, or {@code null}
	 */
	public @Nullable RegisteredConcurrencyLimit find(String name) {
		return this.limits.get(name);
	}

	/**
	 * Returns every limit.
	 * @return the limits, in configuration order
	 */
	public Collection<RegisteredConcurrencyLimit> all() {
		return this.limits.values();
	}

}
