package dev.limiter.autoconfigure.ratelimit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.limiter.autoconfigure.AsyncReturnType;
import dev.limiter.autoconfigure.InlineValues;
import dev.limiter.autoconfigure.KeyExpression;
import dev.limiter.autoconfigure.ResolvedMethods;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Reads the {@code @RateLimited} annotations of a method into a
 * {@link RateLimitedMethod}, once per method and target class, and checks them: the named
 * limit exists, inline values are valid, the key expression parses, and nothing
 * contradicts.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitedMethodResolver {

	private final RateLimitRegistry registry;

	private final InlineValues inline;

	private final ResolvedMethods<RateLimitedMethod> methods = new ResolvedMethods<>(this::read);

	/**
	 * Creates a resolver.
	 * @param registry the limits that annotations name, and where inline limits are added
	 * @param placeholders resolves {@code ${…}} in inline values
	 */
	public RateLimitedMethodResolver(RateLimitRegistry registry, PropertyResolver placeholders) {
		this.registry = registry;
		this.inline = new InlineValues(placeholders, InvalidRateLimitException::new);
	}

	/**
	 * Returns whether a method has {@code @RateLimited}, on itself or its class.
	 * @param method the method
	 * @param targetClass the class it is called on
	 * @return whether calls to it are rate limited
	 */
	static boolean isRateLimited(Method method, Class<?> targetClass) {
		// Object's methods, overridden or not, are never limited (as Spring's
		// @Transactional): a class-level limit must not make logging the bean throw.
		return !ReflectionUtils.isObjectMethod(method) && !annotations(method, targetClass).isEmpty();
	}

	/**
	 * Returns the resolved limits of a method, reading its annotations on first use.
	 * @param method the method called
	 * @param targetClass the class it is called on
	 * @return the resolved limits
	 * @throws InvalidRateLimitException if the annotations are invalid
	 */
	RateLimitedMethod resolve(Method method, Class<?> targetClass) {
		return this.methods.get(method, targetClass);
	}

	private RateLimitedMethod read(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		String description = InlineValues.describe(RateLimited.class, method, targetClass);
		List<RateLimitedMethod.Limit> limits = new ArrayList<>();
		for (RateLimited annotation : annotations(specific, targetClass)) {
			limits.add(limit(annotation, specific, ClassUtils.getShortName(targetClass) + "." + method.getName(),
					description));
		}
		return new RateLimitedMethod(description, specific, List.copyOf(limits),
				AsyncReturnType.isAsync(specific, description, InvalidRateLimitException::new));
	}

	private RateLimitedMethod.Limit limit(RateLimited annotation, Method method, String defaultName, String source) {
		Function<String, String> where = (attribute) -> source + ", attribute " + attribute;
		RegisteredRateLimit limit = isInline(annotation) ? inline(annotation, defaultName, source, where)
				: named(annotation.name(), source);
		if (annotation.permits() < 1) {
			throw new InvalidRateLimitException(where.apply("permits"), "permits is " + annotation.permits(),
					"Use 1 or more permits per call");
		}
		Duration timeout = limit.settings().timeout();
		if (StringUtils.hasText(annotation.timeout())) {
			timeout = this.inline.duration(annotation.timeout(), where.apply("timeout"));
			if (timeout.isNegative()) {
				throw new InvalidRateLimitException(where.apply("timeout"), "timeout is " + timeout,
						"Use a duration of 0 (reject at once) or more");
			}
		}
		return new RateLimitedMethod.Limit(limit, annotation.permits(), timeout,
				KeyExpression.parse(annotation.key(), method, where.apply("key"), InvalidRateLimitException::new));
	}

	private RegisteredRateLimit named(String name, String source) {
		if (!StringUtils.hasText(name)) {
			throw new InvalidRateLimitException(source, "the annotation names no limit and gives no rate",
					"Name a limit configured under limiter.rate-limits (@RateLimited(\"search\")) or give an inline rate "
							+ "(@RateLimited(rate = \"10\"))");
		}
		RegisteredRateLimit limit = this.registry.find(name);
		if (limit == null) {
			throw new InvalidRateLimitException(source, "no rate limit is named '" + name + "'",
					"Configure it under limiter.rate-limits." + name + " (configured: "
							+ this.registry.configuredNames() + "), or give the annotation an inline rate");
		}
		return limit;
	}

	private RegisteredRateLimit inline(RateLimited annotation, String defaultName, String source,
			Function<String, String> where) {
		if (!StringUtils.hasText(annotation.rate())) {
			throw new InvalidRateLimitException(where.apply("rate"), "inline values are given without a rate",
					"Add rate = \"<permits per second>\"");
		}
		RateLimitProperties properties = new RateLimitProperties();
		properties.setRate(this.inline.number(annotation.rate(), where.apply("rate")));
		if (StringUtils.hasText(annotation.warmup())) {
			properties.setWarmup(this.inline.duration(annotation.warmup(), where.apply("warmup")));
		}
		if (StringUtils.hasText(annotation.coldFactor())) {
			properties.setColdFactor(this.inline.number(annotation.coldFactor(), where.apply("coldFactor")));
		}
		if (StringUtils.hasText(annotation.maxBurst())) {
			properties.setMaxBurst(this.inline.duration(annotation.maxBurst(), where.apply("maxBurst")));
		}
		boolean named = StringUtils.hasText(annotation.name());
		RateLimitSettings settings = RateLimitSettings.resolve(named ? annotation.name() : defaultName, properties,
				this.registry.defaults(), (property) -> where.apply(StringUtils.uncapitalize(kebabToCamel(property))));
		return this.registry.registerInline(settings, source, !named);
	}

	private static boolean isInline(RateLimited annotation) {
		return StringUtils.hasText(annotation.rate()) || StringUtils.hasText(annotation.warmup())
				|| StringUtils.hasText(annotation.coldFactor()) || StringUtils.hasText(annotation.maxBurst());
	}

	private static Set<RateLimited> annotations(Method method, Class<?> targetClass) {
		Set<RateLimited> onMethod = AnnotatedElementUtils.findMergedRepeatableAnnotations(method, RateLimited.class);
		return onMethod.isEmpty()
				? AnnotatedElementUtils.findMergedRepeatableAnnotations(targetClass, RateLimited.class) : onMethod;
	}

	private static String kebabToCamel(String property) {
		StringBuilder camel = new StringBuilder();
		for (String part : property.split("-")) {
			camel.append(StringUtils.capitalize(part));
		}
		return camel.toString();
	}

}
