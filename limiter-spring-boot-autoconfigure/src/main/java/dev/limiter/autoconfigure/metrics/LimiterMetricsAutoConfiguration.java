package dev.limiter.autoconfigure.metrics;

import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the limiter's Micrometer meters, when Micrometer is on the class
 * path.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = { RateLimitAutoConfiguration.class, RetryAutoConfiguration.class })
@ConditionalOnClass(MeterBinder.class)
public final class LimiterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LimiterMetrics limiterMetrics(ObjectProvider<RateLimitRegistry> rateLimits,
			ObjectProvider<RetryPolicyRegistry> retryPolicies) {
		return new LimiterMetrics(rateLimits.getIfAvailable(), retryPolicies.getIfAvailable());
	}

}
