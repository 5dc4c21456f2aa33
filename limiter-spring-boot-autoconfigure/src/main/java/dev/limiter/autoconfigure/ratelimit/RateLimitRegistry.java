package dev.limiter.autoconfigure.ratelimit;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * Every rate limit of the application by name: the ones configured under
 * {@code limiter.rate-limits}, checked when the registry is made (at startup), and the ones given
 * inline on {@code @RateLimited}, added as their annotations are read.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitRegistry {

	private final RateLimitProperties defaults;

	private final TimeSource timeSource;

	private final Map<String, RegisteredRateLimit> configured;

	private final Map<String, RegisteredRateLimit> limits = new ConcurrentHashMap<>();

	private final List<Consumer<RegisteredRateLimit>> listeners = new CopyOnWriteArrayList<>();

	/** Which method first defined each inline limit that carries a default name. */
	private final Map<String, String> defaultNamedBy = new ConcurrentHashMap<>();

	/**
	 * Creates a registry of the configured limits.
	 * @param configured the limits by name, as configured
	 * @param defaults what every limit falls back to
	 * @param timeSource the clock the limiters run on
	 * @throws InvalidRateLimitException if a configured limit is invalid
	 */
	public RateLimitRegistry(Map<String, RateLimitProperties> configured, RateLimitProperties defaults,
			TimeSource timeSource) {
		this.defaults = defaults;
		this.timeSource = timeSource;
		configured.forEach((name, limit) -> {
			RateLimitSettings settings = RateLimitSettings.resolve(name, limit, defaults,
					(property) -> "limiter.rate-limits." + name + "." + property);
			this.limits.put(name, new RegisteredRateLimit(settings, timeSource));
		});
		this.configured = Map.copyOf(this.limits);
	}

	/**
	 * Calls the listener for every limit registered so far and for each registered from
	 * now on (inline ones are registered as their annotations are read); for metrics.
	 * @param listener called once per limit
	 */
	public void whenRegistered(Consumer<RegisteredRateLimit> listener) {
		this.listeners.add(listener);
		this.limits.values().forEach(listener);
	}

	/**
	 * Returns a limit by name.
	 * @param name the limit's name
	 * @return the limit, or {@code null} if there is none of that name
	 */
	public @Nullable RegisteredRateLimit find(String name) {
		return this.limits.get(name);
	}

	/**
	 * Returns every limit.
	 * @return the limits, configured and inline
	 */
	public Collection<RegisteredRateLimit> all() {
		return Collections.unmodifiableCollection(this.limits.values());
	}

	/**
	 * Returns the names of the configured limits, for messages.
	 * @return the names
	 */
	public Collection<String> configuredNames() {
		return this.configured.keySet();
	}

	RateLimitProperties defaults() {
		return this.defaults;
	}

	/**
	 * Adds a limit given inline on an annotation, or returns the one already added under its name
	 * if that has the same settings. Inline limits share state only when their name was given on
	 * purpose: a default name ({@code Class.method}) that two methods end up with is an error.
	 * @param settings the resolved inline limit
	 * @param source the annotated method, for messages
	 * @param defaultName whether the name is the default one rather than given on the annotation
	 * @throws InvalidRateLimitException if a configured limit, or an inline limit with other
	 * settings, already has the name
	 */
	RegisteredRateLimit registerInline(RateLimitSettings settings, String source, boolean defaultName) {
		if (defaultName) {
			String first = this.defaultNamedBy.putIfAbsent(settings.name(), source);
			if (first != null && !first.equals(source)) {
				throw new InvalidRateLimitException(source, "its inline limit gets the default name '" + settings.name()
						+ "', which " + first + " already has", "Name the limits: @RateLimited(name = \"...\", rate = ...)");
			}
		}
		if (this.configured.containsKey(settings.name())) {
			throw new InvalidRateLimitException(source,
					"the inline limit is named '" + settings.name() + "', which is also configured in limiter.rate-limits",
					"Either remove the inline values to use the configured limit, or give the inline limit another name");
		}
		RegisteredRateLimit limit = this.limits.get(settings.name());
		if (limit == null) {
			RegisteredRateLimit created = new RegisteredRateLimit(settings, this.timeSource);
			limit = this.limits.putIfAbsent(settings.name(), created);
			if (limit == null) {
				limit = created;
				this.listeners.forEach((listener) -> listener.accept(created));
			}
		}
		if (!limit.settings().equals(settings)) {
			throw new InvalidRateLimitException(source,
					"the inline limit '" + settings.name() + "' is defined elsewhere with other values ("
							+ limit.settings() + ")",
					"Give each inline limit its own name, or configure the shared limit once under limiter.rate-limits");
		}
		return limit;
	}

}
