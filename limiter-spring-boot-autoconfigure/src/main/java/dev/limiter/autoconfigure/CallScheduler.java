package dev.limiter.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.limiter.core.TimeSource;

/**
 * Runs the rest of an asynchronous call after a wait: the method of a paced call that
 * returns a {@code CompletionStage}, or the next attempt of an asynchronous retry.
 *
 * <ul>
 * <li><em>When</em> is the {@link TimeSource}'s business
 * ({@link TimeSource#delayedExecutor}): on the system clock, one shared scheduler thread
 * that only hands the task on; in tests, a {@code ManualTimeSource} that moves time on at
 * once.</li>
 * <li><em>Where</em> is an {@link Executor} the application chooses: a bean named
 * {@value LimiterAutoConfiguration#TASK_EXECUTOR_BEAN_NAME}, or else Spring Boot's
 * {@code applicationTaskExecutor} (virtual threads with
 * {@code spring.threads.virtual.enabled}), never a new thread per task. An executor that
 * blocks in {@code execute} (one with a concurrency limit) holds up only the limiter's
 * own delay thread.</li>
 * <li><em>With what</em>: the context of the thread that scheduled it, captured then and
 * restored around the task ({@link CallContext}), so that key expressions still see
 * {@code #request}, and code inside the limit still sees the security context and
 * MDC.</li>
 * </ul>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class CallScheduler {

	private final TimeSource timeSource;

	private final Executor executor;

	/**
	 * Creates a scheduler.
	 * @param timeSource decides when a task runs
	 * @param executor runs it
	 */
	public CallScheduler(TimeSource timeSource, Executor executor) {
		this.timeSource = timeSource;
		this.executor = executor;
	}

	/**
	 * Runs {@code task} on the executor once {@code delayNanos} have passed, with the
	 * calling thread's context.
	 * @param delayNanos how long to wait first, in nanoseconds
	 * @param task the rest of the call; it completes {@code result} itself
	 * @param result completed exceptionally if handing the task to the executor fails
	 * (refused, or any other exception), so that no call is left hanging
	 */
	public void schedule(long delayNanos, Runnable task, CompletableFuture<?> result) {
		schedule(delayNanos, CallContext.capture(), task, result);
	}

	/**
	 * Runs {@code task} on the executor once {@code delayNanos} have passed, with a
	 * context captured earlier (on the caller's thread).
	 * @param delayNanos how long to wait first, in nanoseconds
	 * @param context the context to run the task with
	 * @param task the rest of the call; it completes {@code result} itself
	 * @param result completed exceptionally if the executor refuses the task
	 */
	public void schedule(long delayNanos, CallContext context, Runnable task, CompletableFuture<?> result) {
		Runnable withContext = context.wrap(task);
		this.timeSource.delayedExecutor(delayNanos).execute(() -> {
			try {
				this.executor.execute(withContext);
			}
			catch (RuntimeException ex) {
				// refused (RejectedExecutionException), or failed otherwise (a task
				// decorator that throws): the caller must hear of it either way
				result.completeExceptionally(ex);
			}
		});
	}

}
