package dev.limiter.autoconfigure.ratelimit;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.limiter.autoconfigure.NamedRegistry;
import dev.limiter.core.TimeSource;

/**
 * Every rate limit of the application by name: the ones configured under
 * {@code limiter.rate-limits}, checked when the registry is made (at startup), and the
 * ones given inline on {@code @RateLimited}, added as their annotations are read.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitRegistry extends NamedRegistry<RegisteredRateLimit> {

	private final RateLimitProperties defaults;

	private final TimeSource timeSource;

	private final Map<RateLimitStore, RateLimiterFactory> factories;

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
		this(configured, defaults, timeSource, List.of());
	}

	/**
	 * Creates a registry of the configured limits, with stores besides memory.
	 * @param configured the limits by name, as configured
	 * @param defaults what every limit falls back to
	 * @param timeSource the clock the limiters run on
	 * @param stores the factories of the stores there are besides memory (Redis)
	 * @throws InvalidRateLimitException if a configured limit is invalid, or names a
	 * store there is none of
	 */
	public RateLimitRegistry(Map<String, RateLimitProperties> configured, RateLimitProperties defaults,
			TimeSource timeSource, List<RateLimiterFactory> stores) {
		this(configured, defaults, timeSource, factories(timeSource, stores));
	}

	private RateLimitRegistry(Map<String, RateLimitProperties> configured, RateLimitProperties defaults,
			TimeSource timeSource, Map<RateLimitStore, RateLimiterFactory> factories) {
		super(resolve(configured, defaults, timeSource, factories));
		this.defaults = defaults;
		this.timeSource = timeSource;
		this.factories = factories;
	}

	private static Map<RateLimitStore, RateLimiterFactory> factories(TimeSource timeSource,
			List<RateLimiterFactory> stores) {
		Map<RateLimitStore, RateLimiterFactory> factories = new EnumMap<>(RateLimitStore.class);
		factories.put(RateLimitStore.MEMORY, RateLimiterFactory.memory(timeSource));
		stores.forEach((factory) -> factories.put(factory.store(), factory));
		return factories;
	}

	private static Map<String, RegisteredRateLimit> resolve(Map<String, RateLimitProperties> configured,
			RateLimitProperties defaults, TimeSource timeSource, Map<RateLimitStore, RateLimiterFactory> factories) {
		Map<String, RegisteredRateLimit> limits = new LinkedHashMap<>();
		configured.forEach((name, limit) -> {
			RateLimitSettings settings = RateLimitSettings.resolve(name, limit, defaults,
					(property) -> "limiter.rate-limits." + name + "." + property);
			limits.put(name, new RegisteredRateLimit(settings,
					factory(factories, settings, "limiter.rate-limits." + name + ".store"), timeSource));
		});
		return limits;
	}

	private static RateLimiterFactory factory(Map<RateLimitStore, RateLimiterFactory> factories,
			RateLimitSettings settings, String where) {
		RateLimiterFactory factory = factories.get(settings.store());
		if (factory == null) {
			throw new InvalidRateLimitException(where,
					"the store " + settings.store().name().toLowerCase(Locale.ROOT)
							+ " is chosen, but the application has no Lettuce Redis connection",
					"Add spring-boot-starter-data-redis (with its default client, Lettuce) and limiter-redis to the "
							+ "class path and configure spring.data.redis.*, or use store: memory");
		}
		return factory;
	}

	/**
	 * Returns the stores that limits use, for health: memory, and Redis if a limit asks
	 * for it.
	 * @return the stores' factories
	 */
	public List<RateLimiterFactory> storesInUse() {
		return all().stream()
			.map((limit) -> this.factories.get(limit.settings().store()))
			.distinct()
			.sorted(Comparator.comparing(RateLimiterFactory::store))
			.toList();
	}

	RateLimitProperties defaults() {
		return this.defaults;
	}

	/**
	 * Returns the clock the limiters run on.
	 * @return the time source
	 */
	public TimeSource timeSource() {
		return this.timeSource;
	}

	/**
	 * Adds a limit given inline on an annotation, or returns the one already added under
	 * its name if that has the same settings. Inline limits share state only when their
	 * name was given on purpose: a default name ({@code Class.method}) that two methods
	 * end up with is an error.
	 * @param settings the resolved inline limit
	 * @param source the annotated method, for messages
	 * @param defaultName whether the name is the default one rather than given on the
	 * annotation
	 * @throws InvalidRateLimitException if a configured limit, or an inline limit with
	 * other settings, already has the name
	 */
	RegisteredRateLimit registerInline(RateLimitSettings settings, String source, boolean defaultName) {
		if (defaultName) {
			String first = this.defaultNamedBy.putIfAbsent(settings.name(), source);
			if (first != null && !first.equals(source)) {
				throw new InvalidRateLimitException(source, "its inline limit gets the default name '" + settings.name()
						+ "', which " + first + " already has",
						"Name the limits: @RateLimited(name = \"...\", rate = ...)");
			}
		}
		if (isConfigured(settings.name())) {
			throw new InvalidRateLimitException(source,
					"the inline limit is named '" + settings.name()
							+ "', which is also configured in limiter.rate-limits",
					"Either remove the inline values to use the configured limit, or give the inline limit another name");
		}
		RateLimiterFactory factory = factory(this.factories, settings, source + ", the store");
		RegisteredRateLimit limit = getOrAdd(settings.name(),
				() -> new RegisteredRateLimit(settings, factory, this.timeSource));
		if (!limit.settings().equals(settings)) {
			throw new InvalidRateLimitException(source,
					"the inline limit '" + settings.name() + "' is defined elsewhere with other values ("
							+ limit.settings() + ")",
					"Give each inline limit its own name, or configure the shared limit once under limiter.rate-limits");
		}
		return limit;
	}

}
