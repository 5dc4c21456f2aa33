package dev.limiter.autoconfigure.metrics;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.limiter.autoconfigure.ratelimit.KeyedRateLimiter;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RegisteredRateLimit;
import dev.limiter.autoconfigure.retry.RegisteredRetryPolicy;
import dev.limiter.autoconfigure.retry.RetryOutcome;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters for every rate limit and retry policy, including inline ones registered after
 * the meter registry is bound. Tagged by {@code name} (and {@code outcome}), never by
 * client key: keys are unbounded, meters must not be.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr>
 * <th>name</th>
 * <th>type</th>
 * <th>tags</th>
 * </tr>
 * <tr>
 * <td>{@code limiter.ratelimit.calls}</td>
 * <td>counter</td>
 * <td>{@code name}, {@code outcome}: {@code permitted}, {@code rejected},
 * {@code dry_run_rejected}, {@code dry_run_waited}</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.ratelimit.wait}</td>
 * <td>timer (function)</td>
 * <td>{@code name}: admitted calls that waited, and how long</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.ratelimit.rate}</td>
 * <td>gauge</td>
 * <td>{@code name}: permits per second</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.ratelimit.stored.permits}</td>
 * <td>gauge</td>
 * <td>{@code name}: the shared limiter's</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.ratelimit.keys}</td>
 * <td>gauge</td>
 * <td>{@code name}: client keys held</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.retry.calls}</td>
 * <td>counter</td>
 * <td>{@code name}, {@code outcome}: see {@link RetryOutcome}, lower case</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.retry.attempts}</td>
 * <td>counter</td>
 * <td>{@code name}: first attempts and retries</td>
 * </tr>
 * <tr>
 * <td>{@code limiter.retry.budget.balance}</td>
 * <td>gauge</td>
 * <td>{@code name}: retries the budget allows now</td>
 * </tr>
 * </table>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class LimiterMetrics implements MeterBinder {

	private final @Nullable RateLimitRegistry rateLimits;

	private final @Nullable RetryPolicyRegistry retryPolicies;

	/**
	 * Creates the binder.
	 * @param rateLimits the rate limits, if rate limiting is on
	 * @param retryPolicies the retry policies, if retrying is on
	 */
	public LimiterMetrics(@Nullable RateLimitRegistry rateLimits, @Nullable RetryPolicyRegistry retryPolicies) {
		this.rateLimits = rateLimits;
		this.retryPolicies = retryPolicies;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.rateLimits != null) {
			this.rateLimits.whenRegistered((limit) -> bind(limit, registry));
		}
		if (this.retryPolicies != null) {
			this.retryPolicies.whenRegistered((policy) -> bind(policy, registry));
		}
	}

	private static void bind(RegisteredRateLimit limit, MeterRegistry registry) {
		Tags tags = Tags.of("name", limit.settings().name());
		callCounter(limit, "permitted", RegisteredRateLimit::permitted, tags, registry);
		callCounter(limit, "rejected", RegisteredRateLimit::rejected, tags, registry);
		callCounter(limit, "dry_run_rejected", RegisteredRateLimit::dryRunRejections, tags, registry);
		callCounter(limit, "dry_run_waited", RegisteredRateLimit::dryRunWaits, tags, registry);
		FunctionTimer
			.builder("limiter.ratelimit.wait", limit, RegisteredRateLimit::waited, RegisteredRateLimit::totalWaitNanos,
					TimeUnit.NANOSECONDS)
			.description("Time admitted calls spent waiting for a permit")
			.tags(tags)
			.register(registry);
		Gauge.builder("limiter.ratelimit.rate", limit, (l) -> l.shared().config().permitsPerSecond())
			.description("Stable rate, in permits per second")
			.tags(tags)
			.register(registry);
		Gauge.builder("limiter.ratelimit.stored.permits", limit, (l) -> l.shared().snapshot().storedPermits())
			.description("Permits the shared limiter has stored from idle time")
			.tags(tags)
			.register(registry);
		Gauge.builder("limiter.ratelimit.keys", limit, LimiterMetrics::liveKeys)
			.description("Client keys the limit holds")
			.tags(tags)
			.register(registry);
	}

	private static void callCounter(RegisteredRateLimit limit, String outcome,
			java.util.function.ToDoubleFunction<RegisteredRateLimit> count, Tags tags, MeterRegistry registry) {
		FunctionCounter.builder("limiter.ratelimit.calls", limit, count)
			.description("Calls a rate limit decided on")
			.tags(tags)
			.tag("outcome", outcome)
			.register(registry);
	}

	private static double liveKeys(RegisteredRateLimit limit) {
		KeyedRateLimiter<Object> keyed = limit.keyed();
		return (keyed != null) ? keyed.size() : 0;
	}

	private static void bind(RegisteredRetryPolicy policy, MeterRegistry registry) {
		Tags tags = Tags.of("name", policy.settings().name());
		for (RetryOutcome outcome : RetryOutcome.values()) {
			FunctionCounter.builder("limiter.retry.calls", policy, (p) -> p.count(outcome))
				.description("Calls under a retry policy, by how they ended")
				.tags(tags)
				.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		FunctionCounter.builder("limiter.retry.attempts", policy, RegisteredRetryPolicy::attempts)
			.description("Attempts made under a retry policy, first attempts and retries")
			.tags(tags)
			.register(registry);
		Gauge.builder("limiter.retry.budget.balance", policy, (p) -> p.budget().balance())
			.description("Retries the retry budget allows now")
			.tags(tags)
			.register(registry);
	}

}
