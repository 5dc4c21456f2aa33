package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.limiter.autoconfigure.FailureReports;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.SlotUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @ConcurrencyLimited} through the auto-configuration: the cap on synchronous and
 * asynchronous methods (a slot held until the stage completes, on a real other thread),
 * exact timeouts, the order inside {@code @RateLimited}, and startup failures.
 *
 * @author The limiter authors
 */
class ConcurrencyLimitedTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
					RateLimitAutoConfiguration.class, ConcurrencyLimitAutoConfiguration.class))
			.withBean(TimeSource.class, () -> this.time)
			.withBean(Reports.class)
			.withPropertyValues("limiter.concurrency-limits.reports.max-concurrent=1",
					"limiter.concurrency-limits.waiting.max-concurrent=1",
					"limiter.concurrency-limits.waiting.timeout=100ms", "limiter.rate-limits.tiny.rate=0.001");
	}

	@Test
	void callBeyondTheCapIsRejectedAndASlotIsFreeAgainOnceTheCallReturns() {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CountDownLatch entered = new CountDownLatch(1);
			CountDownLatch leave = new CountDownLatch(1);
			ExecutorService threads = Executors.newSingleThreadExecutor();
			try {
				Future<?> inside = threads.submit(() -> {
					reports.hold(entered, leave);
					return null;
				});
				assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
				assertThatExceptionOfType(ConcurrencyLimitExceededException.class).isThrownBy(reports::quick)
					.satisfies((ex) -> {
						assertThat(ex.getLimitName()).isEqualTo("reports");
						assertThat(ex.getReason()).isEqualTo(SlotUnavailableException.Reason.FULL);
					});
				leave.countDown();
				inside.get(10, TimeUnit.SECONDS);
				reports.quick();
			}
			finally {
				threads.shutdownNow();
			}
			RegisteredConcurrencyLimit limit = context.getBean(ConcurrencyLimitRegistry.class).find("reports");
			assertThat(limit.admitted()).isEqualTo(2);
			assertThat(limit.rejected()).isOne();
			assertThat(limit.limiter().inFlight()).isZero();
		});
	}

	@Test
	void callsInFlightWaitingAndOutcomesAreMetered() {
		runner().run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ConcurrencyLimitMetrics.class).bindTo(meters);
			Reports reports = context.getBean(Reports.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			reports.asyncWaiting(work);
			CompletableFuture<String> waiting = reports.asyncWaitingThreadName();
			assertThat(gauge(meters, "limiter.concurrency.in.flight", "waiting")).isOne();
			assertThat(gauge(meters, "limiter.concurrency.waiting", "waiting")).isOne();
			assertThat(gauge(meters, "limiter.concurrency.limit", "waiting")).isOne();
			this.time.advance(Duration.ofMillis(100));
			assertThat(waiting).isCompletedExceptionally();
			work.complete("done");
			assertThat(meters.get("limiter.concurrency.calls")
				.tags("name", "waiting", "outcome", "admitted")
				.functionCounter()
				.count()).isOne();
			assertThat(meters.get("limiter.concurrency.calls")
				.tags("name", "waiting", "outcome", "rejected")
				.functionCounter()
				.count()).isOne();
			assertThat(gauge(meters, "limiter.concurrency.in.flight", "waiting")).isZero();
			assertThat(gauge(meters, "limiter.concurrency.waiting", "waiting")).isZero();
		});
	}

	private static double gauge(MeterRegistry meters, String name, String limit) {
		return meters.get(name).tag("name", limit).gauge().value();
	}

	@Test
	void failingCallGivesItsSlotBack() {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(reports::failing);
			reports.quick();
		});
	}

	@Test
	void asynchronousCallHoldsItsSlotUntilItsStageCompletesOnAnotherThread() throws Exception {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			CompletableFuture<String> first = reports.async(work);
			assertThat(reports.async(CompletableFuture.completedFuture("second"))).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(ConcurrencyLimitExceededException.class);
			Thread completer = new Thread(() -> work.complete("first"));
			completer.start();
			completer.join();
			assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("first");
			assertThat(reports.async(CompletableFuture.completedFuture("third"))).succeedsWithin(Duration.ZERO)
				.isEqualTo("third");
		});
	}

	@Test
	void asynchronousCallThatWaitsRunsOnTheExecutorNotOnTheThreadThatFreedTheSlot() throws Exception {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			reports.asyncWaiting(work);
			CompletableFuture<String> waiting = reports.asyncWaitingThreadName();
			assertThat(waiting).isNotDone();
			Thread completer = new Thread(() -> work.complete("done"), "completer");
			completer.start();
			completer.join();
			assertThat(waiting).succeedsWithin(Duration.ofSeconds(10)).asString().isNotEqualTo("completer");
		});
	}

	@Test
	void waitEndsAtItsTimeoutOnTheInjectedClock() throws Exception {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			reports.asyncWaiting(new CompletableFuture<>());
			CompletableFuture<String> waiting = reports.asyncWaitingThreadName();
			this.time.advance(Duration.ofMillis(99));
			assertThat(waiting).isNotDone();
			this.time.advance(Duration.ofMillis(1));
			assertThat(waiting).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOfSatisfying(ConcurrencyLimitExceededException.class,
						(ex) -> assertThat(ex.getReason()).isEqualTo(SlotUnavailableException.Reason.TIMED_OUT));
		});
	}

	@Test
	void callRejectedByARateLimitHoldsNoSlot() {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			reports.rateLimitedToo();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(reports::rateLimitedToo);
			assertThat(context.getBean(ConcurrencyLimitRegistry.class).find("reports").limiter().inFlight()).isZero();
			int concurrencyOrder = ((Ordered) context.getBean(ConcurrencyLimitAutoConfiguration.ADVISOR_BEAN_NAME,
					Advisor.class))
				.getOrder();
			assertThat(concurrencyOrder).isEqualTo(LimiterProperties.ConcurrencyLimit.DEFAULT_ORDER)
				.isGreaterThan(LimiterProperties.RateLimit.DEFAULT_ORDER);
		});
	}

	@Test
	void unknownLimitFailsStartupNamingTheMethod() {
		runner().withBean(Unknown.class)
			.run(FailureReports.failsWith("concurrency limit",
					"Bean 'concurrencyLimitedTests.Unknown', @ConcurrencyLimited on ConcurrencyLimitedTests.Unknown.call()",
					"no concurrency limit is named 'missing'",
					"Configure it under limiter.concurrency-limits.missing.max-concurrent."));
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		runner().withPropertyValues("limiter.concurrency-limits.reports.max-concurrent=0")
			.run(FailureReports.failsWith("concurrency limit", "limiter.concurrency-limits.reports.max-concurrent",
					"the value 0 is not allowed", "Set the most calls in flight at once, 1 or more."));
		runner().withPropertyValues("limiter.concurrency-limits.reports.max-waiting=-1")
			.run(FailureReports.failsWith("concurrency limit", "limiter.concurrency-limits.reports.max-waiting",
					"the value -1 is not allowed",
					"Use 0 (no call waits) or more; leave it out for as many as max-concurrent."));
	}

	static class Reports {

		@ConcurrencyLimited("reports")
		void hold(CountDownLatch entered, CountDownLatch leave) throws InterruptedException {
			entered.countDown();
			leave.await();
		}

		@ConcurrencyLimited("reports")
		void quick() {
		}

		@ConcurrencyLimited("reports")
		void failing() {
			throw new IllegalStateException("failed");
		}

		@ConcurrencyLimited("reports")
		CompletableFuture<String> async(CompletableFuture<String> result) {
			return result;
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<String> asyncWaiting(CompletableFuture<String> result) {
			return result;
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<String> asyncWaitingThreadName() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@RateLimited("tiny")
		@ConcurrencyLimited("reports")
		void rateLimitedToo() {
		}

	}

	static class Unknown {

		@ConcurrencyLimited("missing")
		void call() {
		}

	}

}
