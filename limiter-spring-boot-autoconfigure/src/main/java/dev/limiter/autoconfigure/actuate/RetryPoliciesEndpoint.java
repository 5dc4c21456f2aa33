package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.limiter.autoconfigure.retry.RegisteredRetryPolicy;
import dev.limiter.autoconfigure.retry.RetryOutcome;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import dev.limiter.autoconfigure.retry.RetrySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code /actuator/retrypolicies}: every retry policy's configuration, how its calls
 * ended, and its retry budget's balance.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Endpoint(id = "retrypolicies")
public class RetryPoliciesEndpoint {

	private final RetryPolicyRegistry registry;

	/**
	 * Creates the endpoint.
	 * @param registry the policies
	 */
	public RetryPoliciesEndpoint(RetryPolicyRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Describes every policy.
	 * @return the policies by name
	 */
	@ReadOperation
	public RetryPoliciesDescriptor retryPolicies() {
		Map<String, RetryPolicyDescriptor> policies = new TreeMap<>();
		for (RegisteredRetryPolicy policy : this.registry.all()) {
			policies.put(policy.settings().name(), describe(policy));
		}
		return new RetryPoliciesDescriptor(policies);
	}

	/**
	 * Describes one policy.
	 * @param name the policy's name
	 * @return the description, or {@code null} (404) if there is no such policy
	 */
	@ReadOperation
	public @Nullable RetryPolicyDescriptor retryPolicy(@Selector String name) {
		RegisteredRetryPolicy policy = this.registry.find(name);
		return (policy != null) ? describe(policy) : null;
	}

	private static RetryPolicyDescriptor describe(RegisteredRetryPolicy policy) {
		RetrySettings settings = policy.settings();
		Map<RetryOutcome, Long> outcomes = new EnumMap<>(RetryOutcome.class);
		for (RetryOutcome outcome : RetryOutcome.values()) {
			outcomes.put(outcome, policy.count(outcome));
		}
		return new RetryPolicyDescriptor(settings.name(), settings.maxAttempts(), settings.delay(),
				settings.multiplier(), settings.maxDelay(), settings.jitter(), names(settings.retryOn()),
				names(settings.ignore()), settings.honorRetryAfter(), settings.maxRetryAfter(),
				new BudgetDescriptor(settings.budgetRatio(), settings.budgetMinPerSecond(), policy.budget().balance()),
				outcomes, policy.attempts());
	}

	private static List<String> names(List<Class<? extends Throwable>> types) {
		return types.stream().map(Class::getName).toList();
	}

	/**
	 * Every policy, by name.
	 *
	 * @param policies the policies
	 */
	public record RetryPoliciesDescriptor(Map<String, RetryPolicyDescriptor> policies) {
	}

	/**
	 * One policy.
	 *
	 * @param name the policy's name
	 * @param maxAttempts calls in all, counting the first
	 * @param delay wait before the first retry
	 * @param multiplier factor each wait grows by
	 * @param maxDelay longest wait
	 * @param jitter random spread around each wait
	 * @param retryOn exception types retried ({@code java.lang.Exception} unless
	 * configured)
	 * @param ignore exception types never retried
	 * @param honorRetryAfter whether Retry-After hints can lengthen a wait
	 * @param maxRetryAfter longest hint waited for; a longer one ends the retries
	 * @param budget the retry budget and what is left of it
	 * @param outcomes how calls ended, by outcome
	 * @param attempts attempts made in all
	 */
	public record RetryPolicyDescriptor(String name, int maxAttempts, Duration delay, double multiplier,
			Duration maxDelay, Duration jitter, List<String> retryOn, List<String> ignore, boolean honorRetryAfter,
			Duration maxRetryAfter, BudgetDescriptor budget, Map<RetryOutcome, Long> outcomes, long attempts) {
	}

	/**
	 * A retry budget.
	 *
	 * @param ratio retries allowed per first attempt
	 * @param minPerSecond retries allowed per second whatever the traffic
	 * @param balance retries the budget would allow now
	 */
	public record BudgetDescriptor(double ratio, double minPerSecond, double balance) {
	}

}
