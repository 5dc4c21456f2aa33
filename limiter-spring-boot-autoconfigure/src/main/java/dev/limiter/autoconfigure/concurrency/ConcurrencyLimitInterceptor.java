package dev.limiter.autoconfigure.concurrency;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.CallContext;
import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.ClientKey;
import dev.limiter.autoconfigure.Invocations;
import dev.limiter.autoconfigure.KeyExpression;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import dev.limiter.core.concurrency.SlotUnavailableException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;

/**
 * Holds a slot of a {@code @ConcurrencyLimited} method's limit for exactly the call: of
 * the cap every caller shares, or, when the annotation gives a {@code key}, of the cap of
 * the call's client key (evaluated on the caller's thread, before any wait).
 *
 * <p>
 * A method that returns a value waits for its slot on its thread (leaving at once, with
 * its interrupt flag set, when interrupted) and gives it back when it returns or throws.
 * A method that returns a {@link CompletionStage} waits without blocking: when a slot is
 * free it runs at once, on the caller's thread; otherwise it runs once a slot is handed
 * to it, on the {@link CallScheduler}'s executor with the caller's context (never on the
 * thread that gave the slot back), and it gives the slot back when its stage completes.
 * Cancelling the returned stage while the call waits gives up the wait; a call that has
 * started keeps its slot until its own stage completes, since its work is still in
 * flight. Every failure to get a slot reaches an asynchronous caller through the stage.
 *
 * <p>
 * Under a dry-run limit a call never waits: it takes a slot if one is free, and otherwise
 * runs without one, counted and logged.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitInterceptor implements MethodInterceptor {

	private final Supplier<ConcurrencyLimitedMethodResolver> resolver;

	private final Supplier<CallScheduler> scheduler;

	private final Supplier<@Nullable BeanResolver> beans;

	/**
	 * Creates an interceptor. Collaborators are suppliers because the advisor is made
	 * before other beans; each is asked once, on the first call.
	 * @param resolver reads the methods' annotations
	 * @param scheduler runs asynchronous calls that waited for their slot
	 * @param beans resolves bean references in key expressions, if any
	 */
	public ConcurrencyLimitInterceptor(Supplier<ConcurrencyLimitedMethodResolver> resolver,
			Supplier<CallScheduler> scheduler, Supplier<@Nullable BeanResolver> beans) {
		this.resolver = resolver;
		this.scheduler = scheduler;
		this.beans = beans;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ConcurrencyLimitedMethodResolver.Limited limited = this.resolver.get()
			.resolve(invocation.getMethod(), Invocations.targetClass(invocation));
		RegisteredConcurrencyLimit limit = limited.limit();
		Object key;
		try {
			key = key(limited, invocation);
		}
		catch (RuntimeException ex) {
			if (limited.async()) {
				return CompletableFuture.failedFuture(ex);
			}
			throw ex;
		}
		if (limit.settings().dryRun()) {
			HeldSlot held = limit.tryAcquire(key);
			if (held == null) {
				limit.recordDryRunUnavailable();
				// the caller sees what it would with a slot
				return limited.async() ? asStage(invocation::proceed) : invocation.proceed();
			}
			limit.recordAdmitted();
			return limited.async() ? proceedHolding(held, invocation::proceed) : invokeHolding(held, invocation);
		}
		return limited.async() ? invokeAsync(limit, key, invocation) : invokeHolding(take(limit, key), invocation);
	}

	private @Nullable Object key(ConcurrencyLimitedMethodResolver.Limited limited, MethodInvocation invocation) {
		KeyExpression key = limited.key();
		if (key == null) {
			return null;
		}
		// bounded once here, for the fast try and a wait after it alike
		Object[] arguments = invocation.getArguments();
		EvaluationContext context = key.needsContext()
				? KeyExpression.context(limited.method(), arguments, invocation.getThis(), this.beans.get()) : null;
		return ClientKey
			.of(key.evaluate(arguments, context, limited.description(), "concurrency limit", limited.limit().name()));
	}

	private static HeldSlot take(RegisteredConcurrencyLimit limit, @Nullable Object key) {
		try {
			HeldSlot held = limit.acquireBlocking(key);
			limit.recordAdmitted();
			return held;
		}
		catch (SlotUnavailableException ex) {
			throw rejected(limit, ex, key);
		}
		catch (InterruptedException ex) {
			// the flag is still set; the method must not run
			throw rejected(limit, new SlotUnavailableException(SlotUnavailableException.Reason.INTERRUPTED,
					limit.maxConcurrent(), limit.timeout()), key);
		}
	}

	private static @Nullable Object invokeHolding(HeldSlot held, MethodInvocation invocation) throws Throwable {
		try {
			return invocation.proceed();
		}
		finally {
			held.release();
		}
	}

	private Object invokeAsync(RegisteredConcurrencyLimit limit, @Nullable Object key, MethodInvocation invocation) {
		KeyedConcurrencyCaps.Pending acquired = limit.acquire(key);
		CompletableFuture<ConcurrencyLimiter.Slot> pending = acquired.slot();
		if (pending.isDone()) {
			ConcurrencyLimiter.Slot slot;
			try {
				slot = pending.join();
			}
			catch (CompletionException ex) {
				return CompletableFuture.failedFuture(rejected(limit, (SlotUnavailableException) ex.getCause(), key));
			}
			limit.recordAdmitted();
			return proceedHolding(new HeldSlot(acquired.cap(), slot), invocation::proceed);
		}
		long waitStart = limit.timeSource().nanoTime();
		CallContext context = CallContext.capture();
		CompletableFuture<Object> result = new CompletableFuture<>();
		result.whenComplete((value, failure) -> {
			if (result.isCancelled()) {
				pending.cancel(false);
			}
		});
		pending.whenComplete((slot, failure) -> {
			if (slot == null) {
				result.completeExceptionally((failure instanceof SlotUnavailableException unavailable)
						? rejected(limit, unavailable, key) : failure);
				return;
			}
			limit.recordAdmitted();
			limit.recordWait(limit.timeSource().nanoTime() - waitStart);
			HeldSlot held = new HeldSlot(acquired.cap(), slot);
			// the task runs the method holding the slot, unless the call ended first
			// (cancelled, or the executor refused the task): then the slot goes back
			AtomicBoolean claimed = new AtomicBoolean();
			result.whenComplete((value, error) -> {
				if (claimed.compareAndSet(false, true)) {
					held.release();
				}
			});
			this.scheduler.get().schedule(0, context, () -> {
				if (!claimed.compareAndSet(false, true)) {
					return;
				}
				// on this thread too, advice inside this one finds the current invocation
				proceedHolding(held, () -> ExposeInvocationInterceptor.INSTANCE.invoke(invocation))
					.whenComplete((value, error) -> {
						if (error != null) {
							result.completeExceptionally(error);
						}
						else {
							result.complete(value);
						}
					});
			}, result);
		});
		return result;
	}

	/**
	 * Runs the method holding the slot, and gives the slot back when its stage completes
	 * (at once if it throws or returns {@code null}).
	 */
	private static CompletionStage<?> proceedHolding(HeldSlot held, Call call) {
		CompletionStage<?> stage = asStage(call);
		stage.whenComplete((value, failure) -> held.release());
		return stage;
	}

	/**
	 * Runs an asynchronous method: its own stage, so its caller sees its failure
	 * unwrapped; a failed stage if it throws; a completed one if it returns {@code null}.
	 */
	private static CompletionStage<?> asStage(Call call) {
		Object stage;
		try {
			stage = call.proceed();
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return (stage != null) ? (CompletionStage<?>) stage : CompletableFuture.completedFuture(null);
	}

	private static ConcurrencyLimitExceededException rejected(RegisteredConcurrencyLimit limit,
			SlotUnavailableException cause, @Nullable Object key) {
		limit.recordRejected();
		return new ConcurrencyLimitExceededException(limit.name(), cause, key != null);
	}

	/** The rest of a call. */
	@FunctionalInterface
	private interface Call {

		@Nullable Object proceed() throws Throwable;

	}

}
