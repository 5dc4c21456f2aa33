package dev.limiter.autoconfigure.actuate;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimiterFactory;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the health of what limits and retries depend on, never of the traffic: a limit
 * that rejects calls is doing its job, so it never makes the application DOWN. With the
 * in-memory store there is nothing an operator must act on, so this is UP and says what
 * it holds; it is DOWN while a store that limits use (Redis) cannot be reached, with the
 * reason.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class LimiterHealthIndicator extends AbstractHealthIndicator {

	private final @Nullable RateLimitRegistry rateLimits;

	private final @Nullable RetryPolicyRegistry retryPolicies;

	/**
	 * Creates the indicator.
	 * @param rateLimits the rate limits, if rate limiting is on
	 * @param retryPolicies the retry policies, if retrying is on
	 */
	public LimiterHealthIndicator(@Nullable RateLimitRegistry rateLimits, @Nullable RetryPolicyRegistry retryPolicies) {
		super("Limiter health check failed");
		this.rateLimits = rateLimits;
		this.retryPolicies = retryPolicies;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		if (this.rateLimits != null) {
			List<RateLimiterFactory> stores = this.rateLimits.storesInUse();
			builder.withDetail("store",
					stores.isEmpty() ? "memory"
							: stores.stream()
								.map((store) -> store.store().name().toLowerCase(Locale.ROOT))
								.collect(Collectors.joining(", ")));
			for (RateLimiterFactory store : stores) {
				String unavailable = store.unavailable();
				if (unavailable != null) {
					builder.down().withDetail(store.store().name().toLowerCase(Locale.ROOT), unavailable);
				}
			}
			builder.withDetail("rateLimits", this.rateLimits.all().size());
		}
		if (this.retryPolicies != null) {
			builder.withDetail("retryPolicies", this.retryPolicies.all().size());
		}
	}

}
