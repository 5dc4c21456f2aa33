package dev.limiter.autoconfigure.concurrency;

import java.lang.reflect.Method;

import dev.limiter.autoconfigure.AsyncReturnType;
import dev.limiter.autoconfigure.InlineValues;
import dev.limiter.autoconfigure.KeyExpression;
import dev.limiter.autoconfigure.ResolvedMethods;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Reads the {@code @ConcurrencyLimited} annotation of a method (or of its class), once
 * per method and target class, and checks that the limit it names exists.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitedMethodResolver {

	private final ConcurrencyLimitRegistry registry;

	private final ResolvedMethods<Limited> methods = new ResolvedMethods<>(this::read);

	/**
	 * Creates a resolver.
	 * @param registry the limits that annotations name
	 */
	public ConcurrencyLimitedMethodResolver(ConcurrencyLimitRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Returns whether a method has {@code @ConcurrencyLimited}, on itself or its class;
	 * {@link Object}'s methods never have.
	 * @param method the method
	 * @param targetClass the class it is called on
	 * @return whether calls to it are capped
	 */
	static boolean isConcurrencyLimited(Method method, Class<?> targetClass) {
		return !ReflectionUtils.isObjectMethod(method) && annotation(method, targetClass) != null;
	}

	/**
	 * Returns the limit of a method, reading its annotation on first use.
	 * @param method the method called
	 * @param targetClass the class it is called on
	 * @return the limit, and whether the method is asynchronous
	 * @throws InvalidConcurrencyLimitException if the annotation names no known limit
	 */
	Limited resolve(Method method, Class<?> targetClass) {
		return this.methods.get(method, targetClass);
	}

	private Limited read(Method method, Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
		String description = InlineValues.describe(ConcurrencyLimited.class, method, targetClass);
		ConcurrencyLimited annotation = annotation(specific, targetClass);
		String name = (annotation != null) ? annotation.name() : "";
		if (!StringUtils.hasText(name)) {
			throw new InvalidConcurrencyLimitException(description, "the annotation names no limit",
					"Name a limit configured under limiter.concurrency-limits, e.g. @ConcurrencyLimited(\"reports\")");
		}
		RegisteredConcurrencyLimit limit = this.registry.find(name);
		if (limit == null) {
			throw new InvalidConcurrencyLimitException(description, "no concurrency limit is named '" + name + "'",
					"Configure it under limiter.concurrency-limits." + name + ".max-concurrent");
		}
		return new Limited(limit, specific, description,
				KeyExpression.parse(annotation.key(), specific, description + ", attribute key",
						InvalidConcurrencyLimitException::new),
				AsyncReturnType.isAsync(specific, description, InvalidConcurrencyLimitException::new));
	}

	private static @Nullable ConcurrencyLimited annotation(Method method, Class<?> targetClass) {
		ConcurrencyLimited onMethod = AnnotatedElementUtils.findMergedAnnotation(method, ConcurrencyLimited.class);
		return (onMethod != null) ? onMethod
				: AnnotatedElementUtils.findMergedAnnotation(targetClass, ConcurrencyLimited.class);
	}

	/**
	 * A capped method: its limit, its client key if the cap is per client, and whether it
	 * returns a {@link java.util.concurrent.CompletionStage} (whose completion ends the
	 * call).
	 *
	 * @param limit the limit
	 * @param method the annotated method, the most specific one (whose parameter names a
	 * key expression sees, also through a JDK proxy)
	 * @param description the annotated method, for messages
	 * @param key the key expression, or {@code null} for the cap every caller shares
	 * @param async whether the method is asynchronous
	 */
	record Limited(RegisteredConcurrencyLimit limit, Method method, String description, @Nullable KeyExpression key,
			boolean async) {
	}

}
