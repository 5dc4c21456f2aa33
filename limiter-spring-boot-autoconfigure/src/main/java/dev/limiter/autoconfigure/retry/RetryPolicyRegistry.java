package dev.limiter.autoconfigure.retry;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * Every retry policy of the application by name: the ones configured under
 * {@code limiter.retries}, checked when the registry is made (at startup), and the ones given inline
 * on {@code @Retried}, added as their annotations are read.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RetryPolicyRegistry {

	private final RetryProperties defaults;

	private final TimeSource timeSource;

	private final Function<String, @Nullable Predicate<Throwable>> predicates;

	private final Map<String, RegisteredRetryPolicy> configured;

	private final Map<String, RegisteredRetryPolicy> policies = new ConcurrentHashMap<>();

	private final List<Consumer<RegisteredRetryPolicy>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates a registry of the configured policies.
	 * @param configured the policies by name, as configured
	 * @param defaults what every policy falls back to
	 * @param timeSource the clock budgets run on
	 * @param predicates finds a {@code Predicate<Throwable>} bean by name, or returns {@code null}
	 * @throws InvalidRetryPolicyException if a configured policy is invalid
	 */
	public RetryPolicyRegistry(Map<String, RetryProperties> configured, RetryProperties defaults, TimeSource timeSource,
			Function<String, @Nullable Predicate<Throwable>> predicates) {
		this.defaults = defaults;
		this.timeSource = timeSource;
		this.predicates = predicates;
		configured.forEach((name, policy) -> {
			String prefix = "limiter.retries." + name + ".";
			RetrySettings settings = RetrySettings.resolve(name, policy, defaults, (property) -> prefix + property);
			this.policies.put(name, create(settings, prefix + "predicate"));
		});
		this.configured = Map.copyOf(this.policies);
	}

	/**
	 * Calls the listener for every policy registered so far and for each registered from
	 * now on (inline ones are registered as their annotations are read); for metrics.
	 * @param listener called once per policy
	 */
	public void whenRegistered(Consumer<RegisteredRetryPolicy> listener) {
		this.listeners.add(listener);
		this.policies.values().forEach(listener);
	}

	/**
	 * Returns a policy by name.
	 * @param name the policy's name
	 * @return the policy, or {@code null} if there is none of that name
	 */
	public @Nullable RegisteredRetryPolicy find(String name) {
		return this.policies.get(name);
	}

	/**
	 * Returns every policy.
	 * @return the policies, configured and inline
	 */
	public Collection<RegisteredRetryPolicy> all() {
		return Collections.unmodifiableCollection(this.policies.values());
	}

	/**
	 * Returns the names of the configured policies, for messages.
	 * @return the names
	 */
	public Collection<String> configuredNames() {
		return this.configured.keySet();
	}

	RetryProperties defaults() {
		return this.defaults;
	}

	/**
	 * Adds a policy given inline on an annotation; one inline policy per method, so its name is
	 * its own unless another method chose the same name on purpose.
	 * @throws InvalidRetryPolicyException if a configured policy, or an inline one with other
	 * settings, already has the name
	 */
	RegisteredRetryPolicy registerInline(RetrySettings settings, String source) {
		if (this.configured.containsKey(settings.name())) {
			throw new InvalidRetryPolicyException(source,
					"the inline policy is named '" + settings.name() + "', which is also configured in limiter.retries",
					"Either remove the inline values to use the configured policy, or give the inline one another name");
		}
		RegisteredRetryPolicy policy = this.policies.get(settings.name());
		if (policy == null) {
			RegisteredRetryPolicy created = create(settings, source + ", predicate");
			policy = this.policies.putIfAbsent(settings.name(), created);
			if (policy == null) {
				policy = created;
				this.listeners.forEach((listener) -> listener.accept(created));
			}
		}
		if (!policy.settings().equals(settings)) {
			throw new InvalidRetryPolicyException(source,
					"the inline policy '" + settings.name() + "' is defined elsewhere with other values",
					"Give each inline policy its own name, or configure the shared one once under limiter.retries");
		}
		return policy;
	}

	private RegisteredRetryPolicy create(RetrySettings settings, String predicateSource) {
		Predicate<Throwable> predicate = null;
		if (settings.predicate() != null) {
			predicate = this.predicates.apply(settings.predicate());
			if (predicate == null) {
				throw new InvalidRetryPolicyException(predicateSource,
						"there is no Predicate<Throwable> bean named '" + settings.predicate() + "'",
						"Define the bean, or remove the predicate");
			}
		}
		return new RegisteredRetryPolicy(settings, predicate, this.timeSource);
	}

}
