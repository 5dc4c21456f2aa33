package dev.limiter.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link CallScheduler}: a hand-off that fails completes the caller's future.
 *
 * @author The limiter authors
 */
class CallSchedulerTests {

	/**
	 * An executor whose execute fails with something other than
	 * RejectedExecutionException (a TaskDecorator that throws, say): the hand-off runs on
	 * the limiter-delay ScheduledThreadPoolExecutor, which swallows the exception, and
	 * the caller's future never completes.
	 */
	@Test
	void handOffFailureOtherThanRejectionCompletesTheResult() {
		Executor failing = (task) -> {
			throw new IllegalStateException("decorator failed");
		};
		CallScheduler scheduler = new CallScheduler(TimeSource.system(), failing);
		CompletableFuture<Object> result = new CompletableFuture<>();
		scheduler.schedule(1_000_000, () -> result.complete("ran"), result);
		Throwable outcome = catchThrowable(() -> result.get(5, TimeUnit.SECONDS));
		assertThat(outcome).as("the caller's future after a failed hand-off")
			.isInstanceOf(ExecutionException.class)
			.hasRootCauseInstanceOf(IllegalStateException.class);
	}

}
