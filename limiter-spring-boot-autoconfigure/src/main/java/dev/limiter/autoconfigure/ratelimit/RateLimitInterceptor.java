package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.Invocations;
import dev.limiter.autoconfigure.KeyExpression;
import dev.limiter.core.Durations;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.TimeSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;

/**
 * Admits or rejects calls to {@code @RateLimited} methods.
 *
 * <h2>One limit</h2>
 *
 * <p>
 * The call reserves its permits if the wait is within the limit's timeout, waits, and
 * runs; otherwise it is rejected having taken nothing.
 *
 * <h2>Several limits: every promise holds when the method runs</h2>
 *
 * <p>
 * The call first asks every limit, without taking anything, how long it would wait. If
 * any wait is longer than that limit's timeout, the call is rejected naming
 * <em>every</em> limit that rejects it, with the longest of their waits, and takes
 * nothing. Otherwise the call will run at the latest of the limits' free moments, and
 * every limit grants its permits <em>at that moment</em>
 * ({@link RateLimiter#tryReserveAt}): a limit that was free earlier is charged from when
 * the method really runs, so two calls of a one-per-five-seconds limit never run closer
 * than five seconds apart because another limit delayed one of them. Only a call that
 * loses a race between the two steps (another call took a limit's permits in between) is
 * rejected after reserving from the limits before it; those permits are not returned,
 * because later callers may already be scheduled behind them.
 *
 * <p>
 * Limits of one store that decides several limiters at once
 * ({@link RateLimiterFactory#tryReserveAll}: Redis, outside Redis Cluster) are decided in
 * one step instead, all or nothing, with the same outcome and no race.
 *
 * <h2>Dry run</h2>
 *
 * <p>
 * A dry-run limit never changes what happens to a call: it takes its permits when it
 * would have admitted the call, and counts what it would have done (rejected, or made the
 * call wait), but the call neither waits for it nor is rejected by it.
 *
 * <h2>Waiting</h2>
 *
 * <p>
 * An admitted call waits on its own thread (not interruptibly: its permits are paid for),
 * or, for a method returning a {@link CompletionStage}, runs later through the
 * {@link CallScheduler} (on an executor, with the caller's context), so no thread blocks.
 * Key expressions are evaluated before any wait, on the caller's thread. For such a
 * method everything that fails before it runs (a rejection, a key that is null) is
 * reported through the returned stage, never thrown.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitInterceptor implements MethodInterceptor {

	private final Supplier<RateLimitedMethodResolver> resolver;

	private final Supplier<TimeSource> timeSource;

	private final Supplier<CallScheduler> scheduler;

	private final Supplier<RateLimitObserver> observer;

	private final Supplier<@Nullable BeanResolver> beans;

	/**
	 * Creates an interceptor. Collaborators are suppliers because the advisor is made
	 * before other beans; each is asked once, on the first call.
	 * @param resolver reads the methods' annotations
	 * @param timeSource the clock calls wait on
	 * @param scheduler runs asynchronous calls after their wait
	 * @param observer told about admitted calls
	 * @param beans resolves bean references in key expressions, if any
	 */
	public RateLimitInterceptor(Supplier<RateLimitedMethodResolver> resolver, Supplier<TimeSource> timeSource,
			Supplier<CallScheduler> scheduler, Supplier<RateLimitObserver> observer,
			Supplier<@Nullable BeanResolver> beans) {
		this.resolver = resolver;
		this.timeSource = timeSource;
		this.scheduler = scheduler;
		this.observer = observer;
		this.beans = beans;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		RateLimitedMethod limited = this.resolver.get()
			.resolve(invocation.getMethod(), Invocations.targetClass(invocation));
		long waitNanos;
		try {
			waitNanos = admit(limited, invocation);
		}
		catch (RuntimeException ex) {
			if (limited.async()) {
				return CompletableFuture.failedFuture(ex);
			}
			throw ex;
		}
		if (waitNanos <= 0) {
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
	 * @throws RateLimitExceededException if limits that are not dry runs reject it
	 */
	private long admit(RateLimitedMethod limited, MethodInvocation invocation) {
		List<RateLimitedMethod.Limit> limits = limited.limits();
		Calls calls = new Calls(limited, invocation);
		if (limits.size() == 1) {
			RateLimitedMethod.Limit limit = limits.get(0);
			RateLimiter limiter = calls.limiter(limit);
			return limit.dryRun() ? dryRun(limit, limiter, limit.permits()) : admitOne(limit, limiter, limited);
		}
		return admitAll(limits, calls, limited);
	}

	private long admitOne(RateLimitedMethod.Limit limit, RateLimiter limiter, RateLimitedMethod limited) {
		long waitNanos = limiter.tryReserveNanos(limit.permits(), limit.timeout());
		if (waitNanos == RateLimiter.NOT_RESERVED) {
			throw reject(limit, limiter.queryWaitNanos(limit.permits()));
		}
		admitted(limit, limiter, waitNanos, limited);
		return waitNanos;
	}

	private long admitAll(List<RateLimitedMethod.Limit> limits, Calls calls, RateLimitedMethod limited) {
		int count = limits.size();
		RateLimiter[] limiters = new RateLimiter[count];
		// What each distinct limiter is asked for: two limits can resolve to one limiter
		// (a limit keyed by #from and by #to, with from == to), which is asked once for
		// both their permits, within the shorter of their timeouts; 0 marks such a
		// duplicate.
		int[] permits = new int[count];
		long[] timeouts = new long[count];
		int[] firstOf = new int[count];
		for (int i = 0; i < count; i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			limiters[i] = calls.limiter(limit);
			permits[i] = limit.permits();
			timeouts[i] = limit.timeoutNanos();
			int first = indexOf(limiters, i);
			firstOf[i] = first;
			if (first < i) {
				permits[first] = (int) Math.min((long) permits[first] + permits[i], Integer.MAX_VALUE);
				timeouts[first] = Math.min(timeouts[first], timeouts[i]);
				permits[i] = 0;
			}
		}
		long jointWaitNanos = tryReserveJointly(limits, limiters, permits, timeouts);
		if (jointWaitNanos != RateLimiterFactory.UNDECIDED) {
			return recordAdmitted(limits, limiters, permits, jointWaitNanos, limited);
		}
		long[] waits = new long[count];
		long longestWaitNanos = 0;
		List<RateLimitedMethod.Limit> rejecting = null;
		long[] rejectingWaits = null;
		for (int i = 0; i < count; i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			if (limit.dryRun()) {
				continue;
			}
			int first = firstOf[i];
			long waitNanos = (first < i) ? waits[first] : limiters[i].queryWaitNanos(limit.permits());
			waits[i] = waitNanos;
			if (waitNanos > limit.timeoutNanos()) {
				if (rejecting == null) {
					rejecting = new ArrayList<>(count);
					rejectingWaits = new long[count];
				}
				rejectingWaits[rejecting.size()] = waitNanos;
				rejecting.add(limit);
			}
			longestWaitNanos = Math.max(longestWaitNanos, waitNanos);
		}
		if (rejecting != null) {
			throw reject(rejecting, rejectingWaits);
		}
		TimeSource time = this.timeSource.get();
		// Read after the queries, so that the moment is no earlier than any limit's free
		// moment that a query saw.
		long runsAt = Durations.momentAfter(time.nanoTime(), longestWaitNanos);
		for (int i = 0; i < count; i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			if (permits[i] == 0 || limit.dryRun() || limiters[i].tryReserveAt(permits[i], runsAt)) {
				continue;
			}
			// Lost a race: another call took this limit's permits since the query. Take
			// them at its next free moment if that is within its timeout, and run then;
			// the limits reserved before were charged from the planned moment, at most
			// the racing call's cost on this limit early.
			long waitNanos = limiters[i].tryReserveNanos(permits[i], Duration.ofNanos(timeouts[i]));
			if (waitNanos == RateLimiter.NOT_RESERVED) {
				throw reject(limit, limiters[i].queryWaitNanos(permits[i]));
			}
			runsAt = Math.max(runsAt, Durations.momentAfter(time.nanoTime(), waitNanos));
		}
		return recordAdmitted(limits, limiters, permits, Math.max(0, runsAt - time.nanoTime()), limited);
	}

	/**
	 * Decides the limits in one step if they are all (dry runs aside) limits of one store
	 * that can, and there are two or more.
	 * @return the call's wait, or {@link RateLimiterFactory#UNDECIDED}
	 * @throws RateLimitExceededException if the store rejected the call
	 */
	private static long tryReserveJointly(List<RateLimitedMethod.Limit> limits, RateLimiter[] limiters, int[] permits,
			long[] timeouts) {
		RateLimiterFactory store = null;
		int distinct = 0;
		for (int i = 0; i < limits.size(); i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			if (permits[i] == 0 || limit.dryRun()) {
				continue;
			}
			RateLimiterFactory factory = limit.limit().factory();
			if (store != null && store != factory) {
				return RateLimiterFactory.UNDECIDED;
			}
			store = factory;
			distinct++;
		}
		if (store == null || distinct < 2 || !store.keepsState()) {
			return RateLimiterFactory.UNDECIDED;
		}
		RateLimiter[] inStore = new RateLimiter[distinct];
		int[] asked = new int[distinct];
		long[] timeoutNanos = new long[distinct];
		int[] limitIndex = new int[distinct];
		for (int i = 0, j = 0; i < limits.size(); i++) {
			if (permits[i] > 0 && !limits.get(i).dryRun()) {
				inStore[j] = KeyedRateLimiter.inStore(limiters[i]);
				asked[j] = permits[i];
				timeoutNanos[j] = timeouts[i];
				limitIndex[j++] = i;
			}
		}
		long[] waits = new long[distinct];
		long waitNanos = store.tryReserveAll(inStore, asked, timeoutNanos, waits);
		if (waitNanos != RateLimiter.NOT_RESERVED) {
			return waitNanos;
		}
		List<RateLimitedMethod.Limit> rejecting = new ArrayList<>(distinct);
		long[] rejectingWaits = new long[limits.size()];
		// in the annotations' order, a duplicate by the wait of the limiter it shares
		for (int i = 0; i < limits.size(); i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			int j = 0;
			while (j < distinct && limiters[limitIndex[j]] != limiters[i]) {
				j++;
			}
			if (j < distinct && !limit.dryRun() && waits[j] > limit.timeoutNanos()) {
				rejectingWaits[rejecting.size()] = waits[j];
				rejecting.add(limit);
			}
		}
		throw reject(rejecting, rejectingWaits);
	}

	/** Records an admitted call's limits, dry runs included, and returns its wait. */
	private long recordAdmitted(List<RateLimitedMethod.Limit> limits, RateLimiter[] limiters, int[] permits,
			long waitNanos, RateLimitedMethod limited) {
		for (int i = 0; i < limits.size(); i++) {
			RateLimitedMethod.Limit limit = limits.get(i);
			if (limit.dryRun()) {
				if (permits[i] > 0) {
					dryRun(limit, limiters[i], permits[i]);
				}
			}
			else {
				admitted(limit, limiters[i], waitNanos, limited);
			}
		}
		return waitNanos;
	}

	/**
	 * The first index at which {@code limiters} holds the same limiter as at {@code i}.
	 */
	private static int indexOf(RateLimiter[] limiters, int i) {
		for (int j = 0; j < i; j++) {
			if (limiters[j] == limiters[i]) {
				return j;
			}
		}
		return i;
	}

	/**
	 * Lets the call through a dry-run limit, taking its permits when it would have
	 * admitted the call and counting what it would have done.
	 * @return 0: a dry run never makes a call wait
	 */
	private long dryRun(RateLimitedMethod.Limit limit, RateLimiter limiter, int permits) {
		long waitNanos = limiter.tryReserveNanos(permits, limit.timeout());
		if (waitNanos == RateLimiter.NOT_RESERVED) {
			limit.limit().recordDryRunRejection(limiter.queryWaitNanos(permits));
			return 0;
		}
		if (waitNanos > 0) {
			limit.limit().recordDryRunWait();
		}
		limit.limit().recordPermitted(0);
		return 0;
	}

	private void admitted(RateLimitedMethod.Limit limit, RateLimiter limiter, long waitNanos,
			RateLimitedMethod limited) {
		limit.limit().recordPermitted(waitNanos);
		this.observer.get().admitted(limited.method(), limit.limit().settings(), limiter);
	}

	/**
	 * Records the rejecting limits and makes the exception that names them.
	 * @param waits each limit's wait, in the same order
	 */
	private static RateLimitExceededException reject(List<RateLimitedMethod.Limit> limits, long[] waits) {
		List<RateLimitExceededException.Violation> violations = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			violations.add(rejected(limits.get(i), waits[i]));
		}
		return new RateLimitExceededException(violations);
	}

	private static RateLimitExceededException reject(RateLimitedMethod.Limit limit, long waitNanos) {
		return new RateLimitExceededException(List.of(rejected(limit, waitNanos)));
	}

	/** Records a rejecting limit and describes it. */
	private static RateLimitExceededException.Violation rejected(RateLimitedMethod.Limit limit, long waitNanos) {
		limit.limit().recordRejected();
		return new RateLimitExceededException.Violation(limit.name(), limit.permits(), Duration.ofNanos(waitNanos),
				limit.limit().shared().config().permitsPerSecond());
	}

	private CompletableFuture<Object> proceedLater(MethodInvocation invocation, long waitNanos) {
		CompletableFuture<Object> result = new CompletableFuture<>();
		this.scheduler.get().schedule(waitNanos, () -> {
			try {
				// on this thread too, advice inside this one finds the current invocation
				@SuppressWarnings("unchecked")
				CompletionStage<Object> stage = (CompletionStage<Object>) ExposeInvocationInterceptor.INSTANCE
					.invoke(invocation);
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
		}, result);
		return result;
	}

	/**
	 * The limiters one call goes through: the shared one of each limit, or its client
	 * key's, with key expressions that need a context evaluated in one built on first
	 * need.
	 */
	private final class Calls {

		private final RateLimitedMethod limited;

		private final MethodInvocation invocation;

		private @Nullable EvaluationContext keyContext;

		Calls(RateLimitedMethod limited, MethodInvocation invocation) {
			this.limited = limited;
			this.invocation = invocation;
		}

		RateLimiter limiter(RateLimitedMethod.Limit limit) {
			KeyExpression key = limit.key();
			if (key == null) {
				return limit.limit().shared();
			}
			Object[] arguments = this.invocation.getArguments();
			if (key.needsContext() && this.keyContext == null) {
				this.keyContext = KeyExpression.context(this.limited.method(), arguments, this.invocation.getThis(),
						RateLimitInterceptor.this.beans.get());
			}
			return limit.limit()
				.forKey(key.evaluate(arguments, this.keyContext, this.limited.description(), "rate limit",
						limit.name()));
		}

	}

}
