package dev.limiter.autoconfigure.actuate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.limiter.autoconfigure.actuate.RetryPoliciesEndpoint.RetryPolicyDescriptor;
import dev.limiter.autoconfigure.retry.RetryOutcome;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import dev.limiter.autoconfigure.retry.RetryProperties;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryPoliciesEndpoint}.
 *
 * @author The limiter authors
 */
class RetryPoliciesEndpointTests {

	@Test
	void describesConfigurationOutcomesAndTheBudgetBalance() {
		RetryProperties inventory = new RetryProperties();
		inventory.setMaxAttempts(4);
		inventory.setRetryOn(List.of(IOException.class));
		inventory.getBudget().setRatio(0.5);
		inventory.getBudget().setMinPerSecond(0.0);
		RetryPolicyRegistry registry = new RetryPolicyRegistry(Map.of("inventory", inventory), new RetryProperties(),
				new ManualTimeSource(), (name) -> null);
		registry.find("inventory").budget().recordCall();
		registry.find("inventory").budget().recordCall();
		RetryPoliciesEndpoint endpoint = new RetryPoliciesEndpoint(registry);
		RetryPolicyDescriptor descriptor = endpoint.retryPolicies().policies().get("inventory");
		assertThat(descriptor.maxAttempts()).isEqualTo(4);
		assertThat(descriptor.delay()).isEqualTo(Duration.ofMillis(100));
		assertThat(descriptor.retryOn()).containsExactly("java.io.IOException");
		assertThat(descriptor.budget().balance()).isEqualTo(1.0);
		assertThat(descriptor.outcomes()).containsEntry(RetryOutcome.BUDGET_EXHAUSTED, 0L)
			.containsEntry(RetryOutcome.RETRY_AFTER_TOO_LONG, 0L)
			.hasSize(6);
		assertThat(endpoint.retryPolicy("inventory")).isEqualTo(descriptor);
		assertThat(endpoint.retryPolicy("nope")).isNull();
	}

}
