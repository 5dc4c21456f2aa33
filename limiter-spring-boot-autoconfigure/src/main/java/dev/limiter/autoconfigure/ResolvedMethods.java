package dev.limiter.autoconfigure;

import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;

import org.springframework.core.MethodClassKey;

/**
 * What an interceptor read off a method's annotations, once per method and target class,
 * looked up on every call.
 *
 * <p>
 * A proxy passes the same {@link Method} object on every call to a method, and nearly
 * every method is called on one target class, so a lookup first tries the method by
 * identity and compares the class it was first resolved for: no key object to allocate,
 * no {@link Method#equals} (which compares parameter types). Any other combination (the
 * same interface method on several implementations, a copy of the {@code Method}) takes
 * the general table, keyed by method and class as Spring's own annotation caches are.
 *
 * @param <T> what is read off a method
 * @author The limiter authors
 * @since 0.1.0
 */
public final class ResolvedMethods<T> {

	private final ConcurrentMap<Method, First<T>> byMethod = new ConcurrentHashMap<>();

	private final ConcurrentMap<MethodClassKey, T> byMethodAndClass = new ConcurrentHashMap<>();

	private final BiFunction<Method, Class<?>, T> reader;

	/**
	 * Creates an empty cache.
	 * @param reader reads a method's annotations, as called on a target class; it may
	 * throw for invalid annotations, and is then asked again on the next call
	 */
	public ResolvedMethods(BiFunction<Method, Class<?>, T> reader) {
		this.reader = reader;
	}

	/**
	 * Returns what was read off a method as called on a class, reading it on first use.
	 * @param method the method called
	 * @param targetClass the class it is called on
	 * @return what the reader made of it
	 */
	public T get(Method method, Class<?> targetClass) {
		First<T> first = this.byMethod.get(method);
		if (first != null && first.targetClass() == targetClass) {
			return first.resolved();
		}
		T resolved = this.byMethodAndClass.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> this.reader.apply(method, targetClass));
		this.byMethod.putIfAbsent(method, new First<>(targetClass, resolved));
		return resolved;
	}

	/** The first target class a method was resolved for, and what it resolved to. */
	private record First<T>(Class<?> targetClass, T resolved) {
	}

}
