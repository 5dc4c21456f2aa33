package dev.limiter.autoconfigure.ratelimit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.TimeSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;

/**
 * Admits or rejects calls to {@code @RateLimited} methods.
 *
 * <p>
 * A call passes every limit on its method in two steps. First it asks each limit, without
 * taking anything, how long it would wait; if any wait is longer than that limit allows,
 * the call is rejected having taken nothing. Then it reserves its permits from each
 * limit. Only a call that loses a race between the two steps (another call took the last
 * permit of a later limit in between) is rejected after taking permits from the earlier
 * limits; the permits of such a call are not returned, because later callers may already
 * be scheduled behind them.
 *
 * <p>
 * An admitted call waits once, for the longest of its limits' waits: on its own thread
 * (not interruptibly: its permits are paid for), or, for a method returning a
 * {@link CompletionStage}, by running the method later on the time source's delayed
 * executor, so no thread blocks.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitInterceptor implements MethodInterceptor {

	private final Supplier<RateLimitedMethodResolver> resolver;

	private final Supplier<TimeSource> timeSource;

	private final Supplier<@Nullable RateLimitObserver> observer;

	private final Supplier<@Nullable BeanResolver> beans;

	/**
	 * Creates an interceptor. Collaborators are suppliers because the advisor is made
	 * before other beans; each is asked once, on the first call.
	 * @param resolver reads the methods' annotations
	 * @param timeSource the clock calls wait on
	 * @param observer told about admitted calls, if any
	 * @param beans resolves bean references in key expressions, if any
	 */
	public RateLimitInterceptor(Supplier<RateLimitedMethodResolver> resolver, Supplier<TimeSource> timeSource,
			Supplier<@Nullable RateLimitObserver> observer, Supplier<@Nullable BeanResolver> beans) {
		this.resolver = resolver;
		this.timeSource = timeSource;
		this.observer = observer;
		this.beans = beans;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		RateLimitedMethod limited = this.resolver.get().resolve(method, targetClass);
		long waitNanos;
		try {
			waitNanos = admit(limited, invocation);
		}
		catch (RateLimitExceededException ex) {
			if (limited.async()) {
				return CompletableFuture.failedFuture(ex);
			}
			throw ex;
		}
		if (waitNanos == 0) {
			return invocation.proceed();
		}
		if (limited.async()) {
			return proceedLater(invocation, waitNanos);
		}
		this.timeSource.get().sleepUninterruptibly(waitNanos);
		return invocation.proceed();
	}

	/**
	 * Passes the call through every limit and returns how long it must wait.
	 * @throws RateLimitExceededException if a limit that is not a dry run rejects it
	 */
	private long admit(RateLimitedMethod limited, MethodInvocation invocation) {
		List<RateLimitedMethod.Limit> limits = limited.limits();
		RateLimiter[] limiters = new RateLimiter[limits.size()];
		EvaluationContext keyContext = null;
		for (int i = 0; i < limiters.length; i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			Expression key = limit.key();
			if (key == null) {
				limiters[i] = limit.limit().shared();
			}
			else {
				if (keyContext == null) {
					keyContext = RateLimitedMethodResolver.evaluationContext(invocation.getMethod(),
							invocation.getArguments(), invocation.getThis(), this.beans.get());
				}
				limiters[i] = limit.limit().forKey(evaluateKey(key, keyContext, limit, limited));
			}
			long waitNanos = limiters[i].queryWaitNanos(limit.permits());
			if (waitNanos > limit.timeoutNanos()) {
				limiters[i] = rejected(limit, waitNanos);
			}
		}
		long longestWaitNanos = 0;
		for (int i = 0; i < limiters.length; i++) {
			RateLimiter limiter = limiters[i];
			if (limiter == null) {
				// a dry-run limit that would have rejected the call
				continue;
			}
			RateLimitedMethod.Limit limit = limits.get(i);
			long waitNanos = limiter.tryReserveNanos(limit.permits(), limit.timeout());
			if (waitNanos == RateLimiter.NOT_RESERVED) {
				rejected(limit, limiter.queryWaitNanos(limit.permits()));
				continue;
			}
			limit.limit().recordPermitted(waitNanos);
			longestWaitNanos = Math.max(longestWaitNanos, waitNanos);
			RateLimitObserver observer = this.observer.get();
			if (observer != null) {
				observer.admitted(limit.limit().settings(), limiter);
			}
		}
		return longestWaitNanos;
	}

	/**
	 * Rejects the call, or for a dry-run limit counts it and lets it through.
	 * @return {@code null}, so that the dry-run limit is skipped
	 */
	private static @Nullable RateLimiter rejected(RateLimitedMethod.Limit limit, long waitNanos) {
		if (limit.dryRun()) {
			limit.limit().recordDryRunRejection(waitNanos);
			return null;
		}
		limit.limit().recordRejected();
		throw new RateLimitExceededException(limit.name(), limit.permits(), Duration.ofNanos(waitNanos),
				limit.limit().settings().limiter().permitsPerSecond());
	}

	private static Object evaluateKey(Expression key, EvaluationContext context, RateLimitedMethod.Limit limit,
			RateLimitedMethod limited) {
		Object value = key.getValue(context);
		if (value == null) {
			throw new IllegalStateException(limited.description() + ": the key expression '" + key.getExpressionString()
					+ "' of rate limit '" + limit.name() + "' evaluated to null. "
					+ "A null key would put every such call in one shared bucket; make the expression always "
					+ "yield a value, e.g. with a default: (" + key.getExpressionString() + ") ?: 'anonymous'");
		}
		return value;
	}

	private CompletableFuture<Object> proceedLater(MethodInvocation invocation, long waitNanos) {
		CompletableFuture<Object> result = new CompletableFuture<>();
		this.timeSource.get().delayedExecutor(waitNanos).execute(() -> {
			try {
				@SuppressWarnings("unchecked")
				CompletionStage<Object> stage = (CompletionStage<Object>) invocation.proceed();
				if (stage == null) {
					result.complete(null);
					return;
				}
				stage.whenComplete((value, failure) -> {
					if (failure != null) {
						result.completeExceptionally(failure);
					}
					else {
						result.complete(value);
					}
				});
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		return result;
	}

}
