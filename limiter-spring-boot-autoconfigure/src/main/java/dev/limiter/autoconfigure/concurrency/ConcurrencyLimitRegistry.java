package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
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
	 * @param timeSource what waits time out on
	 * @throws InvalidConcurrencyLimitException if a value is out of range
	 */
	public ConcurrencyLimitRegistry(Map<String, ConcurrencyLimitProperties> configured, TimeSource timeSource) {
		Map<String, RegisteredConcurrencyLimit> limits = new LinkedHashMap<>();
		configured.forEach((name, properties) -> limits.put(name, create(name, properties, timeSource)));
		this.limits = Collections.unmodifiableMap(limits);
	}

	private static RegisteredConcurrencyLimit create(String name, ConcurrencyLimitProperties properties,
			TimeSource timeSource) {
		String where = "limiter.concurrency-limits." + name + ".";
		Integer maxConcurrent = properties.getMaxConcurrent();
		if (maxConcurrent == null || maxConcurrent < 1) {
			throw new InvalidConcurrencyLimitException(where + "max-concurrent",
					(maxConcurrent == null) ? "no value is set" : "the value " + maxConcurrent + " is not allowed",
					"Set the most calls in flight at once, 1 or more");
		}
		Duration timeout = properties.getTimeout();
		if (timeout.isNegative()) {
			throw new InvalidConcurrencyLimitException(where + "timeout", "the value " + timeout + " is not allowed",
					"Use a duration of 0 (reject at once) or more");
		}
		Integer maxWaiting = properties.getMaxWaiting();
		if (maxWaiting != null && maxWaiting < 0) {
			throw new InvalidConcurrencyLimitException(where + "max-waiting",
					"the value " + maxWaiting + " is not allowed",
					"Use 0 (no call waits) or more; leave it out for as many as max-concurrent");
		}
		return new RegisteredConcurrencyLimit(name,
				new ConcurrencyLimiter(maxConcurrent, (maxWaiting != null) ? maxWaiting : maxConcurrent, timeSource),
				timeout);
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
