package dev.limiter.autoconfigure.retry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.limiter.autoconfigure.NamedRegistry;
import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * Every retry policy of the application by name: the ones configured under
 * {@code limiter.retries}, checked when the registry is made (at startup), and the ones
 * given inline on {@code @Retried}, added as their annotations are read.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RetryPolicyRegistry extends NamedRegistry<RegisteredRetryPolicy> {

	private final RetryProperties defaults;

	private final TimeSource timeSource;

	private final Function<String, @Nullable Predicate<Throwable>> predicates;

	/**
	 * Creates a registry of the configured policies.
	 * @param configured the policies by name, as configured
	 * @param defaults what every policy falls back to
	 * @param timeSource the clock budgets run on
	 * @param predicates finds a {@code Predicate<Throwable>} bean by name, or returns
	 * {@code null}
	 * @throws InvalidRetryPolicyException if a configured policy is invalid
	 */
	public RetryPolicyRegistry(Map<String, RetryProperties> configured, RetryProperties defaults, TimeSource timeSource,
			Function<String, @Nullable Predicate<Throwable>> predicates) {
		super(resolve(configured, defaults, timeSource, predicates));
		this.defaults = defaults;
		this.timeSource = timeSource;
		this.predicates = predicates;
	}

	private static Map<String, RegisteredRetryPolicy> resolve(Map<String, RetryProperties> configured,
			RetryProperties defaults, TimeSource timeSource,
			Function<String, @Nullable Predicate<Throwable>> predicates) {
		Map<String, RegisteredRetryPolicy> policies = new LinkedHashMap<>();
		configured.forEach((name, policy) -> {
			String prefix = "limiter.retries." + name + ".";
			RetrySettings settings = RetrySettings.resolve(name, policy, defaults, (property) -> prefix + property);
			policies.put(name, create(settings, prefix + "predicate", timeSource, predicates));
		});
		return policies;
	}

	RetryProperties defaults() {
		return this.defaults;
	}

	/**
	 * Adds a policy given inline on an annotation, or returns the one already added under
	 * its name if that has the same settings.
	 * @throws InvalidRetryPolicyException if a configured policy, or an inline one with
	 * other settings, already has the name
	 */
	RegisteredRetryPolicy registerInline(RetrySettings settings, String source) {
		if (isConfigured(settings.name())) {
			throw new InvalidRetryPolicyException(source,
					"the inline policy is named '" + settings.name() + "', which is also configured in limiter.retries",
					"Either remove the inline values to use the configured policy, or give the inline one another name");
		}
		RegisteredRetryPolicy policy = getOrAdd(settings.name(),
				() -> create(settings, source + ", predicate", this.timeSource, this.predicates));
		if (!policy.settings().equals(settings)) {
			throw new InvalidRetryPolicyException(source,
					"the inline policy '" + settings.name() + "' is defined elsewhere with other values",
					"Give each inline policy its own name, or configure the shared one once under limiter.retries");
		}
		return policy;
	}

	private static RegisteredRetryPolicy create(RetrySettings settings, String predicateSource, TimeSource timeSource,
			Function<String, @Nullable Predicate<Throwable>> predicates) {
		Predicate<Throwable> predicate = null;
		if (settings.predicate() != null) {
			predicate = predicates.apply(settings.predicate());
			if (predicate == null) {
				throw new InvalidRetryPolicyException(predicateSource,
						"there is no Predicate<Throwable> bean named '" + settings.predicate() + "'",
						"Define the bean, or remove the predicate");
			}
		}
		return new RegisteredRetryPolicy(settings, predicate, timeSource);
	}

}
