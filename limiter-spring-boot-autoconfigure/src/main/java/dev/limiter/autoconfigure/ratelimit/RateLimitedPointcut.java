package dev.limiter.autoconfigure.ratelimit;

import java.lang.reflect.Method;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches methods with {@code @RateLimited} (or its repeated form) on themselves or their
 * class; methods declared by {@link Object} never match, so a class-level limit does not
 * limit {@code toString()}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class RateLimitedPointcut extends StaticMethodMatcherPointcut {

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return RateLimitedMethodResolver.isRateLimited(AopUtils.getMostSpecificMethod(method, targetClass),
				targetClass);
	}

}
