package dev.limiter.autoconfigure.actuate;

import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code limiter} health contributor, when Spring Boot's health
 * support is on the class path ({@code management.health.limiter.enabled} turns it off).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = { RateLimitAutoConfiguration.class, RetryAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("limiter")
public final class LimiterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "limiterHealthIndicator")
	LimiterHealthIndicator limiterHealthIndicator(ObjectProvider<RateLimitRegistry> rateLimits,
			ObjectProvider<RetryPolicyRegistry> retryPolicies) {
		return new LimiterHealthIndicator(rateLimits.getIfAvailable(), retryPolicies.getIfAvailable());
	}

}
