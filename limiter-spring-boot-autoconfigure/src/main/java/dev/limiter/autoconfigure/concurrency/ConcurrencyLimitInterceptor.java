package dev.limiter.autoconfigure.concurrency;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.CallContext;
import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.Invocations;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import dev.limiter.core.concurrency.SlotUnavailableException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.interceptor.ExposeInvocationInterceptor;

/**
 * Holds a slot of a {@code @ConcurrencyLimited} method's limit for exactly the call.
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
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitInterceptor implements MethodInterceptor {

	private final Supplier<ConcurrencyLimitedMethodResolver> resolver;

	private final Supplier<CallScheduler> scheduler;

	/**
	 * Creates an interceptor. Collaborators are suppliers because the advisor is made
	 * before other beans; each is asked once, on the first call.
	 * @param resolver reads the methods' annotations
	 * @param scheduler runs asynchronous calls that waited for their slot
	 */
	public ConcurrencyLimitInterceptor(Supplier<ConcurrencyLimitedMethodResolver> resolver,
			Supplier<CallScheduler> scheduler) {
		this.resolver = resolver;
		this.scheduler = scheduler;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ConcurrencyLimitedMethodResolver.Limited limited = this.resolver.get()
			.resolve(invocation.getMethod(), Invocations.targetClass(invocation));
		RegisteredConcurrencyLimit limit = limited.limit();
		return limited.async() ? invokeAsync(limit, invocation) : invokeHolding(take(limit), invocation);
	}

	private static ConcurrencyLimiter.Slot take(RegisteredConcurrencyLimit limit) {
		try {
			ConcurrencyLimiter.Slot slot = limit.limiter().acquireBlocking(limit.timeout());
			limit.recordAdmitted();
			return slot;
		}
		catch (SlotUnavailableException ex) {
			throw rejected(limit, ex);
		}
		catch (InterruptedException ex) {
			// the flag is still set; the method must not run
			throw rejected(limit, new SlotUnavailableException(SlotUnavailableException.Reason.INTERRUPTED,
					limit.limiter().maxConcurrent(), limit.timeout()));
		}
	}

	private static @Nullable Object invokeHolding(ConcurrencyLimiter.Slot slot, MethodInvocation invocation)
			throws Throwable {
		try {
			return invocation.proceed();
		}
		finally {
			slot.release();
		}
	}

	private Object invokeAsync(RegisteredConcurrencyLimit limit, MethodInvocation invocation) {
		CompletableFuture<ConcurrencyLimiter.Slot> pending = limit.limiter().acquire(limit.timeout());
		if (pending.isDone()) {
			ConcurrencyLimiter.Slot slot;
			try {
				slot = pending.join();
			}
			catch (CompletionException ex) {
				return CompletableFuture.failedFuture(rejected(limit, (SlotUnavailableException) ex.getCause()));
			}
			limit.recordAdmitted();
			return proceedHolding(slot, invocation::proceed);
		}
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
						? rejected(limit, unavailable) : failure);
				return;
			}
			limit.recordAdmitted();
			// the task runs the method holding the slot, unless the call ended first
			// (cancelled, or the executor refused the task): then the slot goes back
			AtomicBoolean claimed = new AtomicBoolean();
			result.whenComplete((value, error) -> {
				if (claimed.compareAndSet(false, true)) {
					slot.release();
				}
			});
			this.scheduler.get().schedule(0, context, () -> {
				if (!claimed.compareAndSet(false, true)) {
					return;
				}
				// on this thread too, advice inside this one finds the current invocation
				proceedHolding(slot, () -> ExposeInvocationInterceptor.INSTANCE.invoke(invocation))
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
	private static CompletionStage<?> proceedHolding(ConcurrencyLimiter.Slot slot, Call call) {
		Object stage;
		try {
			stage = call.proceed();
		}
		catch (Throwable ex) {
			slot.release();
			return CompletableFuture.failedFuture(ex);
		}
		if (stage == null) {
			slot.release();
			return CompletableFuture.completedFuture(null);
		}
		// the method's own stage goes on, so its caller sees its failure unwrapped
		CompletionStage<?> ownStage = (CompletionStage<?>) stage;
		ownStage.whenComplete((value, failure) -> slot.release());
		return ownStage;
	}

	private static ConcurrencyLimitExceededException rejected(RegisteredConcurrencyLimit limit,
			SlotUnavailableException cause) {
		limit.recordRejected();
		return new ConcurrencyLimitExceededException(limit.name(), cause);
	}

	/** The rest of a call. */
	@FunctionalInterface
	private interface Call {

		@Nullable Object proceed() throws Throwable;

	}

}
