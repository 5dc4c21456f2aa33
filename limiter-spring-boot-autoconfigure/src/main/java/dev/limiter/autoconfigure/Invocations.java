package dev.limiter.autoconfigure;

import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;

/**
 * What the limiter's interceptors read off an intercepted call.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class Invocations {

	private Invocations() {
	}

	/**
	 * Returns the class a call is made on, behind any proxy, for reading its annotations:
	 * the target's class, or the method's declaring class when there is no target.
	 * @param invocation the intercepted call
	 * @return the target class
	 */
	public static Class<?> targetClass(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return (target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
	}

}
