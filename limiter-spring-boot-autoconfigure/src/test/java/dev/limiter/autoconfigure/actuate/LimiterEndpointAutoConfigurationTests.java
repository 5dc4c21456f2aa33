package dev.limiter.autoconfigure.actuate;

import java.util.Map;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the conditions of {@link LimiterEndpointAutoConfiguration} and
 * {@link LimiterHealthContributorAutoConfiguration}.
 *
 * @author The limiter authors
 */
class LimiterEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, LimiterAutoConfiguration.class,
				RateLimitAutoConfiguration.class, RetryAutoConfiguration.class, LimiterEndpointAutoConfiguration.class,
				LimiterHealthContributorAutoConfiguration.class));

	@Test
	void endpointsAreMadeWhenExposedOnTheWeb() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=ratelimits,retrypolicies")
			.run((context) -> assertThat(context).hasSingleBean(RateLimitsEndpoint.class)
				.hasSingleBean(RateLimitsEndpointWebExtension.class)
				.hasSingleBean(RetryPoliciesEndpoint.class));
	}

	@Test
	void endpointsAreMadeWhenExposedOnlyOverJmx() {
		this.runner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=ratelimits")
			.run((context) -> assertThat(context).hasSingleBean(RateLimitsEndpoint.class)
				.doesNotHaveBean(RateLimitsEndpointWebExtension.class)
				.doesNotHaveBean(RetryPoliciesEndpoint.class));
	}

	@Test
	void endpointsAreNotMadeWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(RateLimitsEndpoint.class)
			.doesNotHaveBean(RetryPoliciesEndpoint.class));
	}

	@Test
	void withoutActuatorThereAreNoEndpoints() {
		this.runner.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RateLimitsEndpoint.class));
	}

	@Test
	void usersEndpointWins() {
		RateLimitsEndpoint own = new RateLimitsEndpoint(new RateLimitRegistry(Map.of(),
				new dev.limiter.autoconfigure.ratelimit.RateLimitProperties(), dev.limiter.core.TimeSource.system()));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=ratelimits")
			.withBean("myEndpoint", RateLimitsEndpoint.class, () -> own)
			.run((context) -> assertThat(context).getBean(RateLimitsEndpoint.class).isSameAs(own));
	}

	@Test
	void healthIndicatorIsThereUnlessTurnedOff() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LimiterHealthIndicator.class));
		this.runner.withPropertyValues("management.health.limiter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LimiterHealthIndicator.class));
	}

}
