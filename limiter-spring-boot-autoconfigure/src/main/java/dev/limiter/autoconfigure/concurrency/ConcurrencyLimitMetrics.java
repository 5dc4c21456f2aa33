package dev.limiter.autoconfigure.concurrency;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters for every cap on calls in flight, tagged by {@code name}.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr>
 * <th>name</th>
 * <th>type</th>
 * <th>what</th>
 * </tr>
 * <tr>
 * <td>{@code limiter.concurrency.calls}</td>
 * <td>counter</td>
 * <td>calls by {@code outcome}: {@code admitted} (got a slot), {@code rejected}, or
 * {@code dry_run_unavailable} (a dry-run cap found no free slot and let the call
 * run)</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.concurrency.wait}</td>
 * <td>function timer</td>
 * <td>admitted calls that waited for their slot, and how long</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.concurrency.in.flight}</td>
 * <td>gauge</td>
 * <td>calls holding a slot now (under the shared cap and every client key's)</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.concurrency.waiting}</td>
 * <td>gauge</td>
 * <td>calls waiting for a slot now</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.concurrency.limit}</td>
 * <td>gauge</td>
 * <td>the most calls in flight at once, as it is now (per client key for a per-client
 * use); where an adaptive cap has moved to</td>
 * </tr>
 * </table>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitMetrics implements MeterBinder {

	private final ConcurrencyLimitRegistry registry;

	/**
	 * Creates the binder.
	 * @param registry the caps
	 */
	public ConcurrencyLimitMetrics(ConcurrencyLimitRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		for (RegisteredConcurrencyLimit limit : this.registry.all()) {
			Tags tags = Tags.of("name", limit.name());
			calls(limit, "admitted", RegisteredConcurrencyLimit::admitted, tags, meters);
			calls(limit, "rejected", RegisteredConcurrencyLimit::rejected, tags, meters);
			calls(limit, "dry_run_unavailable", RegisteredConcurrencyLimit::dryRunUnavailable, tags, meters);
			FunctionTimer
				.builder("limiter.concurrency.wait", limit, RegisteredConcurrencyLimit::waited,
						RegisteredConcurrencyLimit::totalWaitNanos, TimeUnit.NANOSECONDS)
				.description("Time admitted calls spent waiting for a slot")
				.tags(tags)
				.register(meters);
			Gauge.builder("limiter.concurrency.in.flight", limit, RegisteredConcurrencyLimit::inFlight)
				.description("Calls holding a slot")
				.tags(tags)
				.register(meters);
			Gauge.builder("limiter.concurrency.waiting", limit, RegisteredConcurrencyLimit::waiting)
				.description("Calls waiting for a slot")
				.tags(tags)
				.register(meters);
			Gauge.builder("limiter.concurrency.limit", limit, RegisteredConcurrencyLimit::maxConcurrent)
				.description("The most calls in flight at once")
				.tags(tags)
				.register(meters);
		}
	}

	private static void calls(RegisteredConcurrencyLimit limit, String outcome,
			ToDoubleFunction<RegisteredConcurrencyLimit> count, Tags tags, MeterRegistry meters) {
		FunctionCounter.builder("limiter.concurrency.calls", limit, count)
			.description("Calls a concurrency limit decided on")
			.tags(tags)
			.tag("outcome", outcome)
			.register(meters);
	}

}
