package dev.limiter.autoconfigure.concurrency;

import java.lang.reflect.Method;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches methods with {@code @ConcurrencyLimited} on themselves or their class, but
 * never those declared by {@link Object}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class ConcurrencyLimitedPointcut extends StaticMethodMatcherPointcut {

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return ConcurrencyLimitedMethodResolver
			.isConcurrencyLimited(AopUtils.getMostSpecificMethod(method, targetClass), targetClass);
	}

}
