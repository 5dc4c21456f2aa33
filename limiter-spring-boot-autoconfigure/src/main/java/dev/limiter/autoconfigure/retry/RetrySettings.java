package dev.limiter.autoconfigure.retry;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A retry policy with every value resolved and checked.
 *
 * @param name the policy's name, shown in logs and metrics
 * @param maxAttempts calls in all, counting the first
 * @param delay wait before the first retry
 * @param multiplier factor each wait grows by
 * @param maxDelay longest wait
 * @param jitter random spread around each wait
 * @param retryOn exception types retried ({@link Exception} when not configured, so that
 * an {@link Error} is not retried unless listed)
 * @param ignore exception types never retried
 * @param predicate name of a {@code Predicate<Throwable>} bean that must also accept, or
 * {@code null}
 * @param honorRetryAfter whether a failure's {@code Retry-After} hint can lengthen the
 * wait
 * @param maxRetryAfter longest hint waited for; a longer one ends the retries
 * @param budgetRatio retries allowed per first attempt
 * @param budgetMinPerSecond retries allowed per second whatever the traffic
 * @author The limiter authors
 * @since 0.1.0
 */
public record RetrySettings(String name, int maxAttempts, Duration delay, double multiplier, Duration maxDelay,
		Duration jitter, List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> ignore,
		@Nullable String predicate, boolean honorRetryAfter, Duration maxRetryAfter, double budgetRatio,
		double budgetMinPerSecond) {

	/**
	 * Resolves a policy against the defaults and checks every value.
	 * @param name the policy's name
	 * @param policy the policy's own values
	 * @param defaults the values it falls back to
	 * @param where names a value for messages: takes a property name such as
	 * {@code max-attempts} and returns where it was written
	 * @return the settings
	 * @throws InvalidRetryPolicyException naming the value that is out of range
	 */
	public static RetrySettings resolve(String name, RetryProperties policy, RetryProperties defaults,
			Function<String, String> where) {
		int maxAttempts = either(policy.getMaxAttempts(), defaults.getMaxAttempts(), 3);
		if (maxAttempts < 1) {
			throw invalid(where.apply("max-attempts"), maxAttempts, "1 or more (1 means no retry)");
		}
		Duration delay = either(policy.getDelay(), defaults.getDelay(), Duration.ofMillis(100));
		if (delay.isNegative()) {
			throw invalid(where.apply("delay"), delay, "a duration of 0 or more");
		}
		double multiplier = either(policy.getMultiplier(), defaults.getMultiplier(), 1.0);
		if (!(multiplier >= 1 && multiplier < Double.POSITIVE_INFINITY)) {
			throw invalid(where.apply("multiplier"), multiplier, "a finite number of 1 or more");
		}
		Duration maxDelay = either(policy.getMaxDelay(), defaults.getMaxDelay(), Duration.ofSeconds(10));
		if (maxDelay.compareTo(delay) < 0) {
			throw invalid(where.apply("max-delay"), maxDelay, "a duration of at least the delay (" + delay + ")");
		}
		Duration jitter = either(policy.getJitter(), defaults.getJitter(), Duration.ZERO);
		if (jitter.isNegative() || jitter.compareTo(delay) > 0) {
			throw invalid(where.apply("jitter"), jitter, "a duration from 0 to the delay (" + delay + ")");
		}
		Duration maxRetryAfter = either(policy.getMaxRetryAfter(), defaults.getMaxRetryAfter(), Duration.ofSeconds(30));
		if (maxRetryAfter.isNegative()) {
			throw invalid(where.apply("max-retry-after"), maxRetryAfter, "a duration of 0 or more");
		}
		double ratio = either(policy.getBudget().getRatio(), defaults.getBudget().getRatio(), 0.2);
		if (!(ratio >= 0 && ratio < Double.POSITIVE_INFINITY)) {
			throw invalid(where.apply("budget.ratio"), ratio,
					"a finite number of 0 or more (0.2: retries add at most 20 %)");
		}
		double minPerSecond = either(policy.getBudget().getMinPerSecond(), defaults.getBudget().getMinPerSecond(),
				10.0);
		if (!(minPerSecond >= 0 && minPerSecond < Double.POSITIVE_INFINITY)) {
			throw invalid(where.apply("budget.min-per-second"), minPerSecond, "a finite number of 0 or more");
		}
		return new RetrySettings(name, maxAttempts, delay, multiplier, maxDelay, jitter,
				List.copyOf(either(policy.getRetryOn(), defaults.getRetryOn(), List.of(Exception.class))),
				List.copyOf(either(policy.getIgnore(), defaults.getIgnore(), List.of())),
				(policy.getPredicate() != null) ? policy.getPredicate() : defaults.getPredicate(),
				either(policy.getHonorRetryAfter(), defaults.getHonorRetryAfter(), true), maxRetryAfter, ratio,
				minPerSecond);
	}

	private static InvalidRetryPolicyException invalid(String where, Object value, String allowed) {
		return new InvalidRetryPolicyException(where, "the value " + value + " is not allowed", "Use " + allowed);
	}

	private static <T> T either(@Nullable T value, @Nullable T fallback, T builtIn) {
		if (value != null) {
			return value;
		}
		return (fallback != null) ? fallback : builtIn;
	}

}
