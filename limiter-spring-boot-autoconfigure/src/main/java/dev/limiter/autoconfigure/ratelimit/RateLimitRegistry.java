package dev.limiter.autoconfigure.ratelimit;

import java.util.LinkedHashMap;
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
		super(resolve(configured, defaults, timeSource));
		this.defaults = defaults;
		this.timeSource = timeSource;
	}

	private static Map<String, RegisteredRateLimit> resolve(Map<String, RateLimitProperties> configured,
			RateLimitProperties defaults, TimeSource timeSource) {
		Map<String, RegisteredRateLimit> limits = new LinkedHashMap<>();
		configured.forEach((name, limit) -> {
			RateLimitSettings settings = RateLimitSettings.resolve(name, limit, defaults,
					(property) -> "limiter.rate-limits." + name + "." + property);
			limits.put(name, new RegisteredRateLimit(settings, timeSource));
		});
		return limits;
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
		RegisteredRateLimit limit = getOrAdd(settings.name(), () -> new RegisteredRateLimit(settings, this.timeSource));
		if (!limit.settings().equals(settings)) {
			throw new InvalidRateLimitException(source,
					"the inline limit '" + settings.name() + "' is defined elsewhere with other values ("
							+ limit.settings() + ")",
					"Give each inline limit its own name, or configure the shared limit once under limiter.rate-limits");
		}
		return limit;
	}

}
