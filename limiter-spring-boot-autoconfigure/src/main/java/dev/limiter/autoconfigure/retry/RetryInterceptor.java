package dev.limiter.autoconfigure.retry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.CallContext;
import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.Invocations;
import dev.limiter.core.Durations;
import dev.limiter.core.TimeSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Retries calls to {@code @Retried} methods.
 *
 * <p>
 * Spring Framework 7's {@link org.springframework.core.retry.RetryPolicy} decides which
 * failures are retried ({@code retry-on}, {@code ignore}, the predicate; causes count)
 * and how long to back off (its {@code BackOff}: delay, multiplier, maximum, jitter). Its
 * {@code RetryTemplate} cannot be used as it is: it sleeps with {@code Thread.sleep}, and
 * has no place for a server's {@code Retry-After}, a retry budget, or waiting without a
 * thread. So this loop asks the policy, then:
 * <ol>
 * <li>a failure the policy does not retry propagates at once;</li>
 * <li>after {@code max-attempts} calls, when the failure's {@code Retry-After} hint is
 * longer than {@code max-retry-after} (a retry any sooner would fail again), or when the
 * {@link dev.limiter.core.retry.RetryBudget} has nothing left, the recover method is
 * called if there is one, and otherwise the last failure propagates unchanged;</li>
 * <li>otherwise it waits the back-off, or the failure's {@code Retry-After} hint if that
 * is longer, on the injected {@link TimeSource}, and calls again.</li>
 * </ol>
 * A method returning a {@link CompletionStage} is retried without blocking a thread: its
 * next attempt runs through the {@link CallScheduler}, on an executor and with the
 * caller's context, so a key expression of a rate limit inside still sees the request.
 * Every attempt runs the advice inside this one again
 * ({@link ProxyMethodInvocation#invocableClone()}), so a {@code @RateLimited} method pays
 * for a permit per attempt.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RetryInterceptor implements MethodInterceptor {

	/**
	 * No next attempt: the failure is not retryable, so it propagates without recovering.
	 */
	private static final long NOT_RETRYABLE = -2;

	/**
	 * No next attempt for a retryable failure: attempts or budget ran out, or the
	 * failure's {@code Retry-After} is longer than {@code max-retry-after}; the recover
	 * method (if any) answers.
	 */
	private static final long GIVE_UP = -1;

	private final Supplier<RetriedMethodResolver> resolver;

	private final Supplier<TimeSource> timeSource;

	private final Supplier<CallScheduler> scheduler;

	/**
	 * Creates an interceptor. Collaborators are suppliers because the advisor is made
	 * before other beans; each is asked once, on the first call.
	 * @param resolver reads the methods' annotations
	 * @param timeSource the clock retries wait on
	 * @param scheduler runs the next attempt of an asynchronous call after its wait
	 */
	public RetryInterceptor(Supplier<RetriedMethodResolver> resolver, Supplier<TimeSource> timeSource,
			Supplier<CallScheduler> scheduler) {
		this.resolver = resolver;
		this.timeSource = timeSource;
		this.scheduler = scheduler;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		RetriedMethod retried = this.resolver.get()
			.resolve(invocation.getMethod(), Invocations.targetClass(invocation));
		Call call = new Call(retried, invocation);
		return retried.async() ? call.runAsync() : call.run();
	}

	/**
	 * One call and its attempts.
	 */
	private final class Call {

		private final RetriedMethod retried;

		private final RegisteredRetryPolicy policy;

		private final MethodInvocation invocation;

		/** Started on the first failure: most calls succeed at once and need none. */
		private @Nullable BackOffExecution backOff;

		private int attempts;

		Call(RetriedMethod retried, MethodInvocation invocation) {
			this.retried = retried;
			this.policy = retried.policy();
			this.invocation = invocation;
			this.policy.budget().recordCall();
		}

		@Nullable Object run() throws Throwable {
			for (;;) {
				try {
					Object result = attempt().proceed();
					succeeded();
					return result;
				}
				catch (Throwable failure) {
					long waitNanos = nextWaitNanos(failure);
					if (waitNanos < 0) {
						return recoverOrThrow(failure, waitNanos);
					}
					try {
						RetryInterceptor.this.timeSource.get().sleepNanos(waitNanos);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						this.policy.record(RetryOutcome.FAILED_AFTER_RETRIES);
						throw failure;
					}
				}
			}
		}

		CompletableFuture<@Nullable Object> runAsync() {
			// on the caller's thread: later attempts are scheduled from whichever thread
			// completed the failed attempt
			CallContext caller = CallContext.capture();
			CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
			attemptAsync(result, caller);
			return result;
		}

		private void attemptAsync(CompletableFuture<@Nullable Object> result, CallContext caller) {
			CompletionStage<?> stage;
			try {
				// A retry runs on the scheduler's executor: advice inside this one must
				// still find the current invocation there.
				stage = (CompletionStage<?>) ExposeInvocationInterceptor.INSTANCE.invoke(attempt());
			}
			catch (Throwable failure) {
				failedAsync(failure, result, caller);
				return;
			}
			if (stage == null) {
				succeeded();
				result.complete(null);
				return;
			}
			stage.whenComplete((value, failure) -> {
				if (failure == null) {
					succeeded();
					result.complete(value);
				}
				else {
					failedAsync(unwrap(failure), result, caller);
				}
			});
		}

		private void failedAsync(Throwable failure, CompletableFuture<@Nullable Object> result, CallContext caller) {
			long waitNanos = nextWaitNanos(failure);
			if (waitNanos >= 0) {
				RetryInterceptor.this.scheduler.get()
					.schedule(waitNanos, caller, () -> attemptAsync(result, caller), result);
				return;
			}
			try {
				Object recovered = recoverOrThrow(failure, waitNanos);
				if (recovered instanceof CompletionStage<?> stage) {
					stage.whenComplete((value, recoverFailure) -> {
						if (recoverFailure != null) {
							result.completeExceptionally(unwrap(recoverFailure));
						}
						else {
							result.complete(value);
						}
					});
				}
				else {
					result.complete(recovered);
				}
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}

		private MethodInvocation attempt() {
			this.attempts++;
			this.policy.recordAttempt();
			return ((ProxyMethodInvocation) this.invocation).invocableClone();
		}

		private void succeeded() {
			this.policy.record(
					(this.attempts == 1) ? RetryOutcome.SUCCEEDED_WITHOUT_RETRY : RetryOutcome.SUCCEEDED_AFTER_RETRIES);
		}

		/**
		 * Decides what follows a failure: how long to wait before the next attempt, or -1
		 * for no next attempt (the outcome is then recorded).
		 */
		private long nextWaitNanos(Throwable failure) {
			RetrySettings settings = this.policy.settings();
			boolean retryable = this.policy.retryPolicy().shouldRetry(failure);
			if (!retryable || this.attempts >= settings.maxAttempts()) {
				this.policy.record(
						(this.attempts == 1) ? RetryOutcome.FAILED_WITHOUT_RETRY : RetryOutcome.FAILED_AFTER_RETRIES);
				return retryable ? GIVE_UP : NOT_RETRYABLE;
			}
			if (this.backOff == null) {
				this.backOff = this.policy.retryPolicy().getBackOff().start();
			}
			long backOffMillis = this.backOff.nextBackOff();
			if (backOffMillis == BackOffExecution.STOP) {
				this.policy.record(RetryOutcome.FAILED_AFTER_RETRIES);
				return GIVE_UP;
			}
			long waitNanos = TimeUnit.MILLISECONDS.toNanos(backOffMillis);
			Duration hint = settings.honorRetryAfter() ? RetryAfterHints.of(failure) : null;
			if (hint != null) {
				// Retrying sooner than the server asked would fail again for certain, so
				// a hint beyond the maximum ends the call before any budget is spent.
				if (hint.compareTo(settings.maxRetryAfter()) > 0) {
					this.policy.record(RetryOutcome.RETRY_AFTER_TOO_LONG);
					return GIVE_UP;
				}
				waitNanos = Math.max(waitNanos, Durations.toNanosSaturated(hint));
			}
			if (!this.policy.budget().tryRetry()) {
				this.policy.record(RetryOutcome.BUDGET_EXHAUSTED);
				return GIVE_UP;
			}
			return waitNanos;
		}

		private @Nullable Object recoverOrThrow(Throwable failure, long stop) throws Throwable {
			RecoverMethod recover = this.retried.recover();
			// A failure that is not retryable propagates: recovering is for retries that
			// ran out.
			if (recover == null || stop == NOT_RETRYABLE) {
				throw failure;
			}
			Object target = this.invocation.getThis();
			if (target == null) {
				throw failure;
			}
			return recover.invoke(target, this.invocation.getArguments(), failure);
		}

	}

	private static Throwable unwrap(Throwable failure) {
		if ((failure instanceof CompletionException || failure instanceof ExecutionException)
				&& failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

}
