package dev.limiter.autoconfigure.actuate;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitAutoConfiguration;
import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import dev.limiter.core.TimeSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code ratelimits}, {@code retrypolicies} and
 * {@code concurrencylimits} endpoints, when Actuator is on the class path and the
 * endpoint is available (enabled and exposed), and of the {@code ratelimits} web
 * extension when that endpoint is exposed over HTTP.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = { RateLimitAutoConfiguration.class, RetryAutoConfiguration.class,
		ConcurrencyLimitAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class LimiterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RateLimitRegistry.class)
	@ConditionalOnAvailableEndpoint
	RateLimitsEndpoint rateLimitsEndpoint(RateLimitRegistry registry) {
		return new RateLimitsEndpoint(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RateLimitsEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	RateLimitsEndpointWebExtension rateLimitsEndpointWebExtension(RateLimitsEndpoint endpoint) {
		return new RateLimitsEndpointWebExtension(endpoint);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConcurrencyLimitRegistry.class)
	@ConditionalOnAvailableEndpoint
	ConcurrencyLimitsEndpoint concurrencyLimitsEndpoint(ConcurrencyLimitRegistry registry, TimeSource timeSource) {
		return new ConcurrencyLimitsEndpoint(registry, timeSource);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConcurrencyLimitsEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ConcurrencyLimitsEndpointWebExtension concurrencyLimitsEndpointWebExtension(ConcurrencyLimitsEndpoint endpoint) {
		return new ConcurrencyLimitsEndpointWebExtension(endpoint);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(RetryPolicyRegistry.class)
	@ConditionalOnAvailableEndpoint
	RetryPoliciesEndpoint retryPoliciesEndpoint(RetryPolicyRegistry registry) {
		return new RetryPoliciesEndpoint(registry);
	}

}
