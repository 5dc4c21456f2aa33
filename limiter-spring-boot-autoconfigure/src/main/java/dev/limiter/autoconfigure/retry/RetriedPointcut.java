package dev.limiter.autoconfigure.retry;

import java.lang.reflect.Method;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches methods with {@code @Retried} on themselves or their class; methods declared by
 * {@link Object} never match.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class RetriedPointcut extends StaticMethodMatcherPointcut {

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return RetriedMethodResolver.isRetried(AopUtils.getMostSpecificMethod(method, targetClass), targetClass);
	}

}
