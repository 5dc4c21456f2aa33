package dev.limiter.autoconfigure.redis;

import dev.limiter.redis.RedisAvailability;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the Redis store's availability, one set for every Redis-backed limit.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr>
 * <th>name</th>
 * <th>type</th>
 * <th>what</th>
 * </tr>
 * <tr>
 * <td>{@code limiter.redis.outages}</td>
 * <td>counter</td>
 * <td>outages begun: Redis failed after answering</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.redis.failures}</td>
 * <td>counter</td>
 * <td>calls to Redis that failed or timed out</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.redis.down}</td>
 * <td>gauge</td>
 * <td>1 during an outage (limits follow {@code limiter.redis.on-failure}), 0
 * otherwise</td>
 * </tr>
 * </table>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RedisStoreMetrics implements MeterBinder {

	private final RedisAvailability availability;

	/**
	 * Creates the binder.
	 * @param availability the store's availability
	 */
	public RedisStoreMetrics(RedisAvailability availability) {
		this.availability = availability;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("limiter.redis.outages", this.availability, RedisAvailability::outages)
			.description("Outages of the Redis store of rate limits")
			.register(registry);
		FunctionCounter.builder("limiter.redis.failures", this.availability, RedisAvailability::failedCalls)
			.description("Calls to the Redis store of rate limits that failed or timed out")
			.register(registry);
		Gauge.builder("limiter.redis.down", this.availability, (availability) -> availability.isDown() ? 1 : 0)
			.description("1 while the Redis store of rate limits cannot be reached")
			.register(registry);
	}

}
