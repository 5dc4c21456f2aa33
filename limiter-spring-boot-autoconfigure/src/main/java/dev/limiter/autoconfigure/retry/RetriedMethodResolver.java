package dev.limiter.autoconfigure.retry;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Function;

import dev.limiter.autoconfigure.AsyncReturnType;
import dev.limiter.autoconfigure.InlineValues;
import dev.limiter.autoconfigure.ResolvedMethods;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Reads the {@code @Retried} annotation of a method into a {@link RetriedMethod}, once
 * per method and target class, and checks it: the named policy exists, inline values are
 * valid, and the recover method fits.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RetriedMethodResolver {

	private final RetryPolicyRegistry registry;

	private final InlineValues inline;

	private final ResolvedMethods<RetriedMethod> methods = new ResolvedMethods<>(this::read);

	/**
	 * Creates a resolver.
	 * @param registry the policies that annotations name, and where inline policies are
	 * added
	 * @param placeholders resolves {@code ${…}} in inline values
	 */
	public RetriedMethodResolver(RetryPolicyRegistry registry, PropertyResolver placeholders) {
		this.registry = registry;
		this.inline = new InlineValues(placeholders, InvalidRetryPolicyException::new);
	}

	/**
	 * Returns whether a method has {@code @Retried}, on itself or its class.
	 * @param method the method
	 * @param targetClass the class it is called on
	 * @return whether calls to it are retried
	 */
	static boolean isRetried(Method method, Class<?> targetClass) {
		// Object's methods, overridden or not, are never retried (as Spring's
		// @Transactional)
		return !ReflectionUtils.isObjectMethod(method) && annotation(method, targetClass) != null;
	}

	/**
	 * Returns the resolved annotation of a method, reading it on first use.
	 * @throws InvalidRetryPolicyException if the annotation is invalid
	 */
	RetriedMethod resolve(Method method, Class<?> targetClass) {
		return this.methods.get(method, targetClass);
	}

	private RetriedMethod read(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		Retried annotation = annotation(specific, targetClass);
		if (annotation == null) {
			throw new IllegalStateException("No @Retried on " + method);
		}
		String source = InlineValues.describe(Retried.class, method, targetClass);
		RegisteredRetryPolicy policy = isInline(annotation)
				? inline(annotation, ClassUtils.getShortName(targetClass) + "." + method.getName(), source)
				: named(annotation.name(), source);
		RecoverMethod recover = StringUtils.hasText(annotation.recover())
				? RecoverMethod.find(annotation.recover(), specific, targetClass, source) : null;
		return new RetriedMethod(source, policy, recover,
				AsyncReturnType.isAsync(specific, source, InvalidRetryPolicyException::new));
	}

	private RegisteredRetryPolicy named(String name, String source) {
		if (!StringUtils.hasText(name)) {
			throw new InvalidRetryPolicyException(source, "the annotation names no policy and gives no inline values",
					"Name a policy configured under limiter.retries (@Retried(\"inventory\")) or give inline values "
							+ "(@Retried(maxAttempts = \"3\"))");
		}
		RegisteredRetryPolicy policy = this.registry.find(name);
		if (policy == null) {
			throw new InvalidRetryPolicyException(source, "no retry policy is named '" + name + "'",
					"Configure it under limiter.retries." + name + " (configured: " + this.registry.configuredNames()
							+ "), or give the annotation inline values");
		}
		return policy;
	}

	private RegisteredRetryPolicy inline(Retried annotation, String defaultName, String source) {
		Function<String, String> where = (attribute) -> source + ", attribute " + attribute;
		RetryProperties properties = new RetryProperties();
		if (StringUtils.hasText(annotation.maxAttempts())) {
			properties.setMaxAttempts(this.inline.integer(annotation.maxAttempts(), where.apply("maxAttempts")));
		}
		if (StringUtils.hasText(annotation.delay())) {
			properties.setDelay(this.inline.duration(annotation.delay(), where.apply("delay")));
		}
		if (StringUtils.hasText(annotation.multiplier())) {
			properties.setMultiplier(this.inline.number(annotation.multiplier(), where.apply("multiplier")));
		}
		if (StringUtils.hasText(annotation.maxDelay())) {
			properties.setMaxDelay(this.inline.duration(annotation.maxDelay(), where.apply("maxDelay")));
		}
		if (StringUtils.hasText(annotation.jitter())) {
			properties.setJitter(this.inline.duration(annotation.jitter(), where.apply("jitter")));
		}
		if (annotation.retryOn().length > 0) {
			properties.setRetryOn(Arrays.asList(annotation.retryOn()));
		}
		if (annotation.ignore().length > 0) {
			properties.setIgnore(Arrays.asList(annotation.ignore()));
		}
		String name = StringUtils.hasText(annotation.name()) ? annotation.name() : defaultName;
		RetrySettings settings = RetrySettings.resolve(name, properties, this.registry.defaults(),
				(property) -> where.apply(property));
		return this.registry.registerInline(settings, source);
	}

	private static boolean isInline(Retried annotation) {
		return StringUtils.hasText(annotation.maxAttempts()) || StringUtils.hasText(annotation.delay())
				|| StringUtils.hasText(annotation.multiplier()) || StringUtils.hasText(annotation.maxDelay())
				|| StringUtils.hasText(annotation.jitter()) || annotation.retryOn().length > 0
				|| annotation.ignore().length > 0;
	}

	private static @Nullable Retried annotation(Method method, Class<?> targetClass) {
		Retried onMethod = AnnotatedElementUtils.findMergedAnnotation(method, Retried.class);
		return (onMethod != null) ? onMethod : AnnotatedElementUtils.findMergedAnnotation(targetClass, Retried.class);
	}

}
