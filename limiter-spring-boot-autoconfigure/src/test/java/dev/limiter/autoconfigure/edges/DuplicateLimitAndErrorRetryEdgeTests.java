package dev.limiter.autoconfigure.edges;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Second review round: merged duplicate limits keep the shorter timeout whatever the
 * annotation order, and an Error with an exception as its cause is not retried by
 * default. Each failed before its fix.
 *
 * @author The limiter authors
 */
class DuplicateLimitAndErrorRetryEdgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withPropertyValues("limiter.rate-limits.per-user.rate=1", "limiter.rate-limits.per-user.max-burst=0s",
				"limiter.rate-limits.per-user.timeout=10s")
		.withBean(ManualTimeSource.class, ManualTimeSource::new);

	/**
	 * The {@code #to} limit says "never wait" (timeout 0). When from == to the merged
	 * request is checked only against the first annotation's timeout, so the call waits;
	 * with the annotations in the other order it is rejected.
	 */
	@Test
	void duplicateLimitsTimeoutIsHonouredWhateverTheAnnotationOrder() {
		this.runner.withBean(Transfers.class).run((context) -> {
			Transfers transfers = context.getBean(Transfers.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			transfers.fromFirst("alice", "alice");
			// the per-user limiter of alice is now busy for 2 s
			Throwable toLast = catchThrowable(() -> transfers.fromFirst("alice", "alice"));
			Object waited = time.takeSleeps();
			transfers.toFirst("bob", "bob");
			Throwable toFirst = catchThrowable(() -> transfers.toFirst("bob", "bob"));
			assertThat(toFirst).as("#to (timeout 0) first").isInstanceOf(RateLimitExceededException.class);
			assertThat(toLast).as("#to (timeout 0) last: waited " + waited)
				.isInstanceOf(RateLimitExceededException.class);
		});
	}

	/**
	 * "the default is every Exception": an Error is not retried by default. An Error that
	 * merely has an exception as its cause is still an Error.
	 */
	@Test
	void errorWithAnExceptionCauseIsNotRetriedByDefault() {
		this.runner.withBean(Flaky.class).run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> flaky.call(() -> new AssertionError("bug", new IllegalStateException("cause"))));
			assertThat(flaky.calls()).as("calls of a method failing with an AssertionError").isEqualTo(1);
		});
	}

	static class Transfers {

		@RateLimited(name = "per-user", key = "#from", timeout = "10s")
		@RateLimited(name = "per-user", key = "#to", timeout = "0s")
		public void fromFirst(String from, String to) {
		}

		@RateLimited(name = "per-user", key = "#to", timeout = "0s")
		@RateLimited(name = "per-user", key = "#from", timeout = "10s")
		public void toFirst(String from, String to) {
		}

	}

	static class Flaky {

		final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Retried(maxAttempts = "3", delay = "100ms")
		public void call(Supplier<Throwable> failure) throws Throwable {
			this.calls.incrementAndGet();
			throw failure.get();
		}

	}

}
