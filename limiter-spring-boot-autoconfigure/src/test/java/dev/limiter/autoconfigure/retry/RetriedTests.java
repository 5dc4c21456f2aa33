package dev.limiter.autoconfigure.retry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code @Retried} on real proxied beans over a {@link ManualTimeSource}: exact waits,
 * hints, the budget, recover methods, composition with {@code @RateLimited}, interrupts
 * and async methods.
 *
 * @author The limiter authors
 */
class RetriedTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
				RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withBean(State.class, State::new)
		.withBean(Downstream.class)
		.withPropertyValues("limiter.retries.inventory.max-attempts=4", "limiter.retries.inventory.delay=100ms",
				"limiter.retries.inventory.multiplier=2", "limiter.retries.inventory.max-delay=300ms",
				"limiter.retries.inventory.retry-on=java.io.IOException,java.io.UncheckedIOException",
				"limiter.retries.inventory.ignore=java.io.FileNotFoundException",
				"limiter.retries.hinted.max-attempts=2", "limiter.retries.hinted.max-retry-after=5s",
				"limiter.rate-limits.downstream.rate=1");

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void failingCallIsRetriedWithTheExactBackOffThenItsLastFailurePropagatesUnchanged() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			state.failures = 10;
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock)
				.isSameAs(state.lastFailure);
			assertThat(state.calls).hasValue(4);
			assertThat(time.takeSleeps()).containsExactly(millis(100), millis(200), millis(300));
			RegisteredRetryPolicy policy = context.getBean(RetryPolicyRegistry.class).find("inventory");
			assertThat(policy.count(RetryOutcome.FAILED_AFTER_RETRIES)).isEqualTo(1);
			assertThat(policy.attempts()).isEqualTo(4);
		});
	}

	@Test
	void callThatSucceedsOnARetryReturnsItsResult() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failures = 2;
			assertThat(downstream.stock()).isEqualTo(42);
			assertThat(context.getBean(ManualTimeSource.class).takeSleeps()).containsExactly(millis(100), millis(200));
			RegisteredRetryPolicy policy = context.getBean(RetryPolicyRegistry.class).find("inventory");
			assertThat(policy.count(RetryOutcome.SUCCEEDED_AFTER_RETRIES)).isEqualTo(1);
		});
	}

	@Test
	void jitterKeepsEachWaitWithinItsBounds() {
		this.runner
			.withPropertyValues("limiter.retries.inventory.jitter=50ms", "limiter.retries.inventory.max-delay=10s")
			.run((context) -> {
				Downstream downstream = context.getBean(Downstream.class);
				State state = context.getBean(State.class);
				ManualTimeSource time = context.getBean(ManualTimeSource.class);
				List<Duration> all = new ArrayList<>();
				for (int call = 0; call < 50; call++) {
					state.failures = 10;
					assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock);
					List<Duration> sleeps = time.takeSleeps();
					assertThat(sleeps).hasSize(3);
					for (int n = 0; n < 3; n++) {
						long base = 100L << n;
						long spread = 50L << n;
						assertThat(sleeps.get(n).toMillis()).isBetween(base - spread, base + spread);
					}
					all.addAll(sleeps);
				}
				assertThat(all.stream().distinct().count()).as("waits actually vary").isGreaterThan(10);
			});
	}

	@Test
	void nestedCausesCountAndIgnoredTypesAreNotRetried() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failWith = () -> new IllegalStateException(new IOException("wrapped"));
			state.failures = 1;
			assertThat(downstream.stock()).isEqualTo(42);
			state.failWith = () -> new UncheckedIOException(new java.io.FileNotFoundException("gone"));
			state.failures = 1;
			state.calls.set(0);
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock);
			assertThat(state.calls).hasValue(1);
		});
	}

	@Test
	void errorIsNotRetriedByDefaultButAnExceptionIs() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> downstream.anyFailure(() -> new AssertionError("bug")));
			assertThat(state.calls).hasValue(1);
			state.calls.set(0);
			assertThatIllegalStateException()
				.isThrownBy(() -> downstream.anyFailure(() -> new IllegalStateException("flaky")));
			assertThat(state.calls).hasValue(3);
		});
	}

	@Test
	void virtualMachineAndLinkageErrorsAreNeverRetriedEvenWhenRetryOnListsThrowableOrError() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			List<Supplier<Throwable>> neverRetried = List.of(OutOfMemoryError::new, StackOverflowError::new,
					NoClassDefFoundError::new, () -> new ExceptionInInitializerError(new IllegalStateException()),
					() -> new IllegalStateException(new OutOfMemoryError()));
			for (Supplier<Throwable> failure : neverRetried) {
				for (Retrying retrying : List.<Retrying>of(downstream::anyThrowable, downstream::anyError)) {
					state.calls.set(0);
					Throwable thrown = catchThrowable(() -> retrying.call(failure));
					assertThat(thrown).isNotNull();
					assertThat(state.calls).as("calls failing with %s", thrown).hasValue(1);
				}
			}
			state.calls.set(0);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> downstream.anyThrowable(() -> new AssertionError("listed")));
			assertThat(state.calls).hasValue(3);
		});
	}

	@Test
	void failureWhoseCausesFormACycleIsRetriedOrPropagatedWithoutLooping() {
		// initCause allows A -> B -> A; every walk down the causes must still end.
		IOException reset = new IOException("reset");
		RuntimeException wrapped = new RuntimeException("wrapped", reset);
		reset.initCause(wrapped);
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second", first);
		first.initCause(second);
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failWith = () -> wrapped;
			state.failures = 10;
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(downstream::stock).isSameAs(wrapped);
			assertThat(state.calls).as("retried: an IOException is in the cycle").hasValue(4);
			state.failures = 10;
			assertThat(downstream.asyncStock()).as("async, recovered")
				.succeedsWithin(Duration.ofSeconds(5))
				.isEqualTo(-1);
			state.failWith = () -> second;
			state.failures = 10;
			state.calls.set(0);
			assertThatIllegalArgumentException().isThrownBy(() -> downstream.stockOr(7)).isSameAs(second);
			assertThat(state.calls).as("not retryable: no listed type is in the cycle").hasValue(1);
		}));
	}

	@Test
	void retryAfterHintInACycleOfCausesIsFoundAndWaited() {
		RateLimitExceededException hint = new RateLimitExceededException("remote", 1, Duration.ofSeconds(2), 1);
		RuntimeException outer = new RuntimeException("outer", hint);
		hint.initCause(outer);
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> this.runner.run((context) -> {
			context.getBean(Downstream.class).hinted(() -> outer);
			assertThat(context.getBean(ManualTimeSource.class).takeSleeps()).containsExactly(Duration.ofSeconds(2));
		}));
	}

	@Test
	void failureThatIsNotRetryablePropagatesAtOnceWithoutRecovering() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failWith = () -> new IllegalArgumentException("bad request");
			state.failures = 1;
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> downstream.stockOr(7));
			assertThat(state.calls).hasValue(1);
			assertThat(context.getBean(ManualTimeSource.class).sleeps()).isEmpty();
		});
	}

	@Test
	void recoverMethodGetsTheFailureAndTheArgumentsWhenRetriesRunOut() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failures = 10;
			assertThat(downstream.stockOr(7)).isEqualTo(-7);
			assertThat(state.recoveredFrom).isSameAs(state.lastFailure);
			assertThat(downstream.plainStockOr(7)).isEqualTo(7);
		});
	}

	@Test
	void retryAfterHintUpToItsMaximumLengthensTheWaitButNeverShortensIt() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			downstream.hinted(() -> new RateLimitExceededException("remote", 1, Duration.ofSeconds(2), 1));
			downstream.hinted(() -> new RateLimitExceededException("remote", 1, Duration.ofSeconds(5), 1));
			downstream.hinted(() -> new RateLimitExceededException("remote", 1, Duration.ofMillis(10), 1));
			assertThat(time.takeSleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5), millis(100));
		});
	}

	@Test
	void retryAfterHintLongerThanItsMaximumStopsTheRetriesAtOnceWithoutSpendingTheBudget() {
		// A budget of exactly one retry in the window.
		this.runner
			.withPropertyValues("limiter.retries.hinted.budget.ratio=0",
					"limiter.retries.hinted.budget.min-per-second=0.1")
			.run((context) -> {
				Downstream downstream = context.getBean(Downstream.class);
				State state = context.getBean(State.class);
				ManualTimeSource time = context.getBean(ManualTimeSource.class);
				RegisteredRetryPolicy policy = context.getBean(RetryPolicyRegistry.class).find("hinted");
				RateLimitExceededException daily = new RateLimitExceededException("daily", 1, Duration.ofHours(20), 1);
				assertThatExceptionOfType(RateLimitExceededException.class)
					.isThrownBy(() -> downstream.hinted(() -> daily))
					.isSameAs(daily);
				assertThat(state.calls).hasValue(1);
				assertThat(time.takeSleeps()).isEmpty();
				assertThat(policy.count(RetryOutcome.RETRY_AFTER_TOO_LONG)).isEqualTo(1);
				assertThat(policy.count(RetryOutcome.FAILED_AFTER_RETRIES)).isZero();
				assertThat(policy.budget().balance()).isEqualTo(1.0);
				// The one retry is still there for a hint within the maximum.
				state.calls.set(0);
				downstream.hinted(() -> new RateLimitExceededException("remote", 1, Duration.ofSeconds(2), 1));
				assertThat(time.takeSleeps()).containsExactly(Duration.ofSeconds(2));
				assertThat(policy.count(RetryOutcome.SUCCEEDED_AFTER_RETRIES)).isEqualTo(1);
			});
	}

	@Test
	void recoverMethodAnswersWhenTheRetryAfterHintIsTooLong() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			RateLimitExceededException daily = new RateLimitExceededException("daily", 1, Duration.ofHours(20), 1);
			assertThat(downstream.hintedOr(() -> daily)).isEqualTo(-1);
			assertThat(state.recoveredFrom).isSameAs(daily);
			assertThat(state.calls).hasValue(1);
			assertThat(context.getBean(ManualTimeSource.class).sleeps()).isEmpty();
		});
	}

	@Test
	void hintLongerThanTheClockCanCountIsWaitedWithoutOverflowing() {
		// 200,000 days is within the maximum but beyond Long.MAX_VALUE nanoseconds.
		this.runner.withPropertyValues("limiter.retries.hinted.max-retry-after=400000d").run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			downstream.hinted(() -> new RateLimitExceededException("remote", 1, Duration.ofDays(200_000), 1));
			assertThat(context.getBean(ManualTimeSource.class).takeSleeps())
				.containsExactly(Duration.ofNanos(Long.MAX_VALUE));
		});
	}

	@Test
	void retryAfterHintIsIgnoredWhenHonorRetryAfterIsOff() {
		this.runner.withPropertyValues("limiter.retries.hinted.honor-retry-after=false").run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			downstream.hinted(() -> new RateLimitExceededException("remote", 1, Duration.ofSeconds(2), 1));
			assertThat(context.getBean(ManualTimeSource.class).takeSleeps()).containsExactly(millis(100));
			assertThat(context.getBean(RetryPolicyRegistry.class).find("hinted").settings().honorRetryAfter())
				.isFalse();
		});
	}

	@Test
	void httpTooManyRequestsWithRetryAfterIsHonored() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			HttpHeaders headers = new HttpHeaders();
			headers.add(HttpHeaders.RETRY_AFTER, "3");
			downstream.hinted(() -> HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
					headers, new byte[0], StandardCharsets.UTF_8));
			assertThat(context.getBean(ManualTimeSource.class).takeSleeps()).containsExactly(Duration.ofSeconds(3));
		});
	}

	@Test
	void budgetKeepsAnAlwaysFailingDownstreamWithinOnePlusRatioTimesTheCalls() {
		this.runner
			.withPropertyValues("limiter.retries.inventory.budget.ratio=0.2",
					"limiter.retries.inventory.budget.min-per-second=1")
			.run((context) -> {
				Downstream downstream = context.getBean(Downstream.class);
				State state = context.getBean(State.class);
				ManualTimeSource time = context.getBean(ManualTimeSource.class);
				int calls = 500;
				for (int call = 0; call < calls; call++) {
					state.failures = Integer.MAX_VALUE;
					assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock);
					time.advance(millis(10));
				}
				long elapsedSeconds = time.nanoTime() / 1_000_000_000L + 1;
				// Without a budget: 4 attempts a call, 2000 in all.
				long bound = (long) ((1 + 0.2) * calls) + elapsedSeconds * 1 + 10;
				assertThat(state.calls.get()).isLessThanOrEqualTo((int) bound).isGreaterThan(calls);
				RegisteredRetryPolicy policy = context.getBean(RetryPolicyRegistry.class).find("inventory");
				assertThat(policy.count(RetryOutcome.BUDGET_EXHAUSTED)).isPositive();
			});
	}

	@Test
	void everyAttemptOfARateLimitedMethodPaysForAPermitAndWaitsOutItsRetryAfter() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			state.failures = 1;
			// 1st attempt: permit, fails. 2nd attempt: rejected by the 1/s limit, whose
			// exact Retry-After (1 s, longer than the 100 ms back-off) is waited out. 3rd
			// attempt: permit, succeeds.
			assertThat(downstream.limitedStock()).isEqualTo(42);
			assertThat(state.calls).hasValue(2);
			assertThat(time.takeSleeps()).containsExactly(millis(100), millis(900));
		});
	}

	@Test
	void swappedOrderRateLimitsACallOnceForAllItsAttempts() {
		this.runner.withPropertyValues("limiter.retry.order=2147483000", "limiter.rate-limit.order=2147482000")
			.run((context) -> {
				Downstream downstream = context.getBean(Downstream.class);
				State state = context.getBean(State.class);
				state.failures = 2;
				// One permit for the call; its retries run inside the rate limit and only
				// back off.
				assertThat(downstream.limitedStock()).isEqualTo(42);
				assertThat(state.calls).hasValue(3);
				assertThat(context.getBean(ManualTimeSource.class).takeSleeps()).containsExactly(millis(100),
						millis(100));
			});
	}

	@Test
	void classLevelAnnotationRetriesEveryMethod() {
		this.runner.withBean(ClassRetried.class).run((context) -> {
			ClassRetried retried = context.getBean(ClassRetried.class);
			State state = context.getBean(State.class);
			state.failures = 1;
			assertThat(retried.call()).isEqualTo(42);
			assertThat(state.calls).hasValue(2);
		});
	}

	@Test
	void interruptStopsTheRetriesAndKeepsTheInterruptStatus() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failures = 10;
			Thread.currentThread().interrupt();
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock)
				.isSameAs(state.lastFailure);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(state.calls).hasValue(1);
		});
	}

	@Test
	void asyncCallIsRetriedWithoutBlockingAndRecovers() {
		this.runner.run((context) -> {
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			state.failures = 2;
			assertThat(downstream.asyncStock()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(42);
			// The waits ran on the time source's delayed executor, which a
			// ManualTimeSource runs at once, and the retries on the executor's thread.
			assertThat(time.takeSleeps()).containsExactly(millis(100), millis(200));
			state.failures = 10;
			assertThat(downstream.asyncStock()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(-1);
		});
	}

	@Test
	void predicateBeanMustAlsoAcceptTheFailure() {
		this.runner.withPropertyValues("limiter.retries.inventory.predicate=onlyTransient")
			.withBean("onlyTransient", Predicate.class,
					() -> (Predicate<Throwable>) (failure) -> String.valueOf(failure.getMessage())
						.contains("transient"))
			.run((context) -> {
				Downstream downstream = context.getBean(Downstream.class);
				State state = context.getBean(State.class);
				state.failures = 1;
				assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock);
				assertThat(state.calls).hasValue(1);
				state.failWith = () -> new UncheckedIOException(new IOException("transient"));
				state.failures = 1;
				assertThat(downstream.stock()).isEqualTo(42);
			});
	}

	@Test
	void retryCanBeTurnedOff() {
		this.runner.withPropertyValues("limiter.retry.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RetryPolicyRegistry.class).doesNotHaveBean("retryAdvisor");
			Downstream downstream = context.getBean(Downstream.class);
			State state = context.getBean(State.class);
			state.failures = 1;
			assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(downstream::stock);
		});
	}

	private static Duration millis(long millis) {
		return Duration.ofMillis(millis);
	}

	/**
	 * A retried method that throws the failure it is given.
	 */
	@FunctionalInterface
	interface Retrying {

		void call(Supplier<? extends Throwable> failure) throws Throwable;

	}

	/**
	 * What the test sets up and reads back; a bean of its own, since fields of a proxy
	 * are not its target's.
	 */
	static class State {

		final AtomicInteger calls = new AtomicInteger();

		int failures;

		java.util.function.Supplier<RuntimeException> failWith = () -> new UncheckedIOException(
				new IOException("connection reset"));

		RuntimeException lastFailure;

		Throwable recoveredFrom;

	}

	static class Downstream {

		private final State state;

		Downstream(State state) {
			this.state = state;
		}

		@Retried("inventory")
		public int stock() {
			this.state.calls.incrementAndGet();
			if (this.state.failures-- > 0) {
				this.state.lastFailure = this.state.failWith.get();
				throw this.state.lastFailure;
			}
			return 42;
		}

		@Retried(name = "inventory", recover = "fallback")
		public int stockOr(int fallback) {
			return stock();
		}

		public int fallback(RuntimeException failure, int fallback) {
			this.state.recoveredFrom = failure;
			return -fallback;
		}

		@Retried(name = "inventory", recover = "plainFallback")
		public int plainStockOr(int fallback) {
			return stock();
		}

		public int plainFallback(int fallback) {
			return fallback;
		}

		/** Fails once with the given failure, then succeeds. */
		@Retried("hinted")
		public void hinted(java.util.function.Supplier<RuntimeException> failure) {
			if (this.state.calls.incrementAndGet() % 2 == 1) {
				throw failure.get();
			}
		}

		@Retried(name = "hinted", recover = "hintedFallback")
		public int hintedOr(java.util.function.Supplier<RuntimeException> failure) {
			hinted(failure);
			return 1;
		}

		public int hintedFallback(RuntimeException failure, java.util.function.Supplier<RuntimeException> ignored) {
			this.state.recoveredFrom = failure;
			return -1;
		}

		/** Counts a call, then throws what it is given. */
		@Retried(name = "anyFailure", maxAttempts = "3")
		public void anyFailure(Supplier<? extends Throwable> failure) throws Throwable {
			this.state.calls.incrementAndGet();
			throw failure.get();
		}

		@Retried(name = "anyThrowable", maxAttempts = "3", retryOn = Throwable.class)
		public void anyThrowable(Supplier<? extends Throwable> failure) throws Throwable {
			this.state.calls.incrementAndGet();
			throw failure.get();
		}

		@Retried(name = "anyError", maxAttempts = "3", retryOn = Error.class)
		public void anyError(Supplier<? extends Throwable> failure) throws Throwable {
			this.state.calls.incrementAndGet();
			throw failure.get();
		}

		@Retried(name = "limited", maxAttempts = "3", retryOn = { IOException.class, RateLimitExceededException.class })
		@RateLimited("downstream")
		public int limitedStock() {
			return stock();
		}

		@Retried(name = "inventory", recover = "asyncFallback")
		public CompletableFuture<Integer> asyncStock() {
			try {
				return CompletableFuture.completedFuture(stock());
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}

		public CompletableFuture<Integer> asyncFallback(Throwable failure) {
			return CompletableFuture.completedFuture(-1);
		}

	}

	@Retried("inventory")
	static class ClassRetried {

		private final State state;

		ClassRetried(State state) {
			this.state = state;
		}

		public int call() {
			this.state.calls.incrementAndGet();
			if (this.state.failures-- > 0) {
				throw new UncheckedIOException(new IOException("reset"));
			}
			return 42;
		}

	}

}
