package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.SlotUnavailableException;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @ConcurrencyLimited} at its edges, found by review: interrupts, asynchronous
 * failures reaching the caller unwrapped (these failed before their fixes), the caller's
 * context on the waiting path, retries, order, proxies, a refused hand-over, cancellation
 * and startup messages.
 *
 * @author The limiter authors
 */
class ConcurrencyLimitedEdgeTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
					RateLimitAutoConfiguration.class, RetryAutoConfiguration.class,
					ConcurrencyLimitAutoConfiguration.class))
			.withBean(TimeSource.class, () -> this.time)
			.withBean(Svc.class)
			.withPropertyValues("limiter.concurrency-limits.one.max-concurrent=1",
					"limiter.concurrency-limits.waiting.max-concurrent=1",
					"limiter.concurrency-limits.waiting.timeout=1h", "limiter.retries.thrice.max-attempts=3",
					"limiter.retries.thrice.delay=0ms");
	}

	private static RegisteredConcurrencyLimit limit(org.springframework.context.ApplicationContext context,
			String name) {
		return context.getBean(ConcurrencyLimitRegistry.class).find(name);
	}

	/** Doc: "leaving at once, with its interrupt flag set, when interrupted". */
	@Test
	void interruptedBeforeTheCallKeepsTheInterruptFlag() {
		runner().run((context) -> {
			Svc svc = context.getBean(Svc.class);
			Thread.currentThread().interrupt();
			try {
				assertThatExceptionOfType(ConcurrencyLimitExceededException.class).isThrownBy(svc::quick)
					.satisfies(
							(ex) -> assertThat(ex.getReason()).isEqualTo(SlotUnavailableException.Reason.INTERRUPTED));
				assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
			}
			finally {
				Thread.interrupted();
			}
		});
	}

	/** The method's own failure, as a caller's handle() sees it without the advice. */
	@Test
	void asyncFailureReachesTheCallerUnwrapped() {
		runner().run((context) -> {
			Svc svc = context.getBean(Svc.class);
			Throwable seen = svc.failingAsync().handle((value, failure) -> failure).toCompletableFuture().join();
			assertThat(seen).isInstanceOf(IllegalStateException.class);
		});
	}

	@Test
	void asyncFailureAfterAWaitReachesTheCallerUnwrapped() {
		runner().run((context) -> {
			Svc svc = context.getBean(Svc.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			svc.waitingAsync(work);
			CompletableFuture<Throwable> seen = svc.waitingFailing().handle((value, failure) -> failure);
			work.complete("done");
			assertThat(seen).succeedsWithin(Duration.ofSeconds(10)).isInstanceOf(IllegalStateException.class);
		});
	}

	@Test
	void waitingAsyncCallSeesTheCallersRequestAndMdcOnAnotherThread() {
		runner().run((context) -> {
			Svc svc = context.getBean(Svc.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			svc.waitingAsync(work);
			ServletRequestAttributes attributes = new ServletRequestAttributes(new MockHttpServletRequest());
			RequestContextHolder.setRequestAttributes(attributes);
			MDC.put("trace", "t-1");
			CompletableFuture<Map<String, Object>> seen;
			try {
				seen = svc.waitingContext();
			}
			finally {
				RequestContextHolder.resetRequestAttributes();
				MDC.clear();
			}
			assertThat(seen).isNotDone();
			Thread completer = new Thread(() -> work.complete("done"), "completer");
			completer.start();
			completer.join();
			assertThat(seen).succeedsWithin(Duration.ofSeconds(10)).satisfies((map) -> {
				assertThat(map.get("thread")).isNotEqualTo("completer").isNotEqualTo(Thread.currentThread().getName());
				assertThat(map.get("request")).isSameAs(attributes);
				assertThat(map.get("mdc")).isEqualTo("t-1");
			});
		});
	}

	@Test
	void everyRetryAttemptTakesItsOwnSlot() {
		runner().run((context) -> {
			Svc.attempts.set(0);
			Svc svc = context.getBean(Svc.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(svc::retried);
			assertThat(Svc.attempts.getAndSet(0)).isEqualTo(3);
			assertThat(limit(context, "one").admitted()).isEqualTo(3);
			assertThat(limit(context, "one").limiter().inFlight()).isZero();
		});
	}

	@Test
	void orderPropertyPutsTheSlotOutsideTheRetries() {
		runner().withPropertyValues("limiter.concurrency-limit.order=0").run((context) -> {
			Svc.attempts.set(0);
			Svc svc = context.getBean(Svc.class);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(svc::retried);
			assertThat(Svc.attempts.getAndSet(0)).isEqualTo(3);
			assertThat(limit(context, "one").admitted()).isEqualTo(1);
		});
	}

	@Test
	void disabledLeavesMethodsUnlimited() {
		runner().withPropertyValues("limiter.concurrency-limit.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			Svc svc = context.getBean(Svc.class);
			CompletableFuture<String> a = svc.waitingAsync(new CompletableFuture<>());
			CompletableFuture<String> b = svc.waitingAsync(CompletableFuture.completedFuture("b"));
			assertThat(b).isCompletedWithValue("b");
			assertThat(context).doesNotHaveBean(ConcurrencyLimitRegistry.class);
		});
	}

	@Test
	void refusedHandOverTaskFailsTheCallAndGivesTheSlotBack() {
		runner().withBean(LimiterAutoConfiguration.TASK_EXECUTOR_BEAN_NAME, Executor.class, () -> (task) -> {
			throw new RejectedExecutionException("full");
		}).run((context) -> {
			Svc svc = context.getBean(Svc.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			svc.waitingAsync(work);
			CompletableFuture<String> waiting = svc.waitingAsync(CompletableFuture.completedFuture("x"));
			work.complete("done");
			assertThat(waiting).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingRootCause()
				.isInstanceOf(RejectedExecutionException.class);
			assertThat(limit(context, "waiting").limiter().inFlight()).isZero();
		});
	}

	@Test
	void cancellingAWaitingCallLeavesTheQueue() {
		runner().run((context) -> {
			Svc svc = context.getBean(Svc.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			svc.waitingAsync(work);
			CompletableFuture<String> waiting = svc.waitingAsync(CompletableFuture.completedFuture("x"));
			assertThat(limit(context, "waiting").limiter().waiting()).isOne();
			waiting.cancel(false);
			assertThat(limit(context, "waiting").limiter().waiting()).isZero();
			work.complete("done");
			assertThat(limit(context, "waiting").limiter().inFlight()).isZero();
			assertThat(limit(context, "waiting").admitted()).as("the cancelled call never ran").isOne();
		});
	}

	@Test
	void asyncNullAndSyncThrowAfterAWaitGiveTheSlotBack() {
		runner().run((context) -> {
			Svc svc = context.getBean(Svc.class);
			CompletableFuture<String> work = new CompletableFuture<>();
			svc.waitingAsync(work);
			CompletableFuture<String> nul = svc.waitingNull();
			work.complete("done");
			assertThat(nul).succeedsWithin(Duration.ofSeconds(10)).isNull();
			assertThat(limit(context, "waiting").limiter().inFlight()).isZero();
			work = new CompletableFuture<>();
			svc.waitingAsync(work);
			CompletableFuture<String> thrown = svc.waitingThrows();
			work.complete("done");
			assertThat(thrown).failsWithin(Duration.ofSeconds(10));
			assertThat(limit(context, "waiting").limiter().inFlight()).isZero();
		});
	}

	@Test
	void jdkProxy() {
		runner().withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(Api.class, ApiImpl::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Api api = context.getBean(Api.class);
				assertThat(AopUtils.isJdkDynamicProxy(api)).isTrue();
				CompletableFuture<String> work = new CompletableFuture<>();
				api.call(work);
				assertThat(api.call(CompletableFuture.completedFuture("x"))).failsWithin(Duration.ZERO);
				work.complete("y");
				assertThat(api.call(CompletableFuture.completedFuture("x"))).isCompletedWithValue("x");
			});
	}

	@Test
	void startupMessages() {
		runner().withPropertyValues("limiter.concurrency-limits.one.timeout=-1s")
			.run(dev.limiter.autoconfigure.FailureReports.failsWith("concurrency limit",
					"limiter.concurrency-limits.one.timeout", "the value PT-1S is not allowed",
					"Use a duration of 0 (reject at once) or more."));
		runner().withPropertyValues("limiter.concurrency-limits.other.timeout=1s")
			.run(dev.limiter.autoconfigure.FailureReports.failsWith("concurrency limit",
					"limiter.concurrency-limits.other.max-concurrent", "no value is set",
					"Set the most calls in flight at once, 1 or more."));
		runner().withBean(Unnamed.class)
			.run(dev.limiter.autoconfigure.FailureReports.failsWith("concurrency limit",
					"Bean 'concurrencyLimitedEdgeTests.Unnamed', @ConcurrencyLimited on ConcurrencyLimitedEdgeTests.Unnamed.call()",
					"the annotation names no limit",
					"Name a limit configured under limiter.concurrency-limits, e.g. @ConcurrencyLimited(\"reports\")."));
	}

	static class Unnamed {

		@ConcurrencyLimited
		void call() {
		}

	}

	interface Api {

		CompletableFuture<String> call(CompletableFuture<String> work);

	}

	static class ApiImpl implements Api {

		@Override
		@ConcurrencyLimited("one")
		public CompletableFuture<String> call(CompletableFuture<String> work) {
			return work;
		}

	}

	static class Svc {

		static final AtomicInteger attempts = new AtomicInteger();

		@ConcurrencyLimited("one")
		void quick() {
		}

		@ConcurrencyLimited("one")
		CompletableFuture<String> failingAsync() {
			return CompletableFuture.failedFuture(new IllegalStateException("failed"));
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<String> waitingAsync(CompletableFuture<String> work) {
			return work;
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<String> waitingFailing() {
			return CompletableFuture.failedFuture(new IllegalStateException("failed"));
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<String> waitingNull() {
			return null;
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<String> waitingThrows() {
			throw new IllegalStateException("sync");
		}

		@ConcurrencyLimited("waiting")
		CompletableFuture<Map<String, Object>> waitingContext() {
			RequestAttributes request = RequestContextHolder.getRequestAttributes();
			String mdc = MDC.get("trace");
			return CompletableFuture.completedFuture(Map.of("thread", Thread.currentThread().getName(), "request",
					(request != null) ? request : "none", "mdc", (mdc != null) ? mdc : "none"));
		}

		@Retried("thrice")
		@ConcurrencyLimited("one")
		void retried() {
			attempts.incrementAndGet();
			throw new IllegalStateException("again");
		}

	}

}
