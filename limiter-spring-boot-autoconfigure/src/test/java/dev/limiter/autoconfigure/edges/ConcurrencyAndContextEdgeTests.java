package dev.limiter.autoconfigure.edges;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.framework.autoproxy.BeanNameAutoProxyCreator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Several limits under contention and sharing one limiter, an async retry whose failure
 * completes on another thread, and a bean proxied twice: what a review found, each test
 * failing before its fix.
 *
 * @author The limiter authors
 */
class ConcurrencyAndContextEdgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withPropertyValues("limiter.rate-limits.per-user.rate=1", "limiter.rate-limits.per-user.max-burst=0s",
				"limiter.rate-limits.per-user.timeout=10s", "limiter.rate-limits.paced.rate=1",
				"limiter.rate-limits.paced.max-burst=0s", "limiter.rate-limits.paced.timeout=10s",
				"limiter.rate-limits.wide.rate=1000", "limiter.rate-limits.wide.timeout=10s",
				"limiter.rate-limits.fast.rate=20", "limiter.rate-limits.fast.max-burst=0s",
				"limiter.rate-limits.fast.timeout=10s", "limiter.rate-limits.strict.rate=1",
				"limiter.rate-limits.strict.max-burst=0s");

	@AfterEach
	void clear() {
		RequestContextHolder.resetRequestAttributes();
		MDC.clear();
	}

	@Test
	void twoLimitsResolvingToTheSameLimiterAreAskedOnceForBoth() {
		this.runner.withBean(ManualTimeSource.class, ManualTimeSource::new).withBean(Transfers.class).run((context) -> {
			Transfers transfers = context.getBean(Transfers.class);
			assertThatCode(() -> transfers.transfer("alice", "bob")).doesNotThrowAnyException();
			assertThatCode(() -> transfers.transfer("carol", "carol")).as("idle limit, self-transfer")
				.doesNotThrowAnyException();
		});
	}

	@Test
	void concurrentCallersOfAMultiLimitMethodWaitInsteadOfBeingRejectedWithinTheirTimeout() {
		CyclicBarrier bothQueried = new CyclicBarrier(2);
		ManualTimeSource manual = new ManualTimeSource();
		TimeSource time = new TimeSource() {

			@Override
			public long nanoTime() {
				// the interceptor reads the clock once after querying every limit
				boolean afterQueries = StackWalker.getInstance()
					.walk((frames) -> frames.skip(1)
						.findFirst()
						.map((frame) -> frame.getMethodName().equals("admitAll"))
						.orElse(false));
				if (afterQueries) {
					try {
						bothQueried.await(5, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}
				return manual.nanoTime();
			}

			@Override
			public void sleepNanos(long nanos) throws InterruptedException {
				manual.sleepNanos(nanos);
			}

		};
		this.runner.withBean(TimeSource.class, () -> time).withBean(Transfers.class).run((context) -> {
			Transfers transfers = context.getBean(Transfers.class);
			AtomicInteger rejected = new AtomicInteger();
			Runnable call = () -> {
				try {
					transfers.wideAndPaced();
				}
				catch (RateLimitExceededException ex) {
					rejected.incrementAndGet();
				}
			};
			Thread first = new Thread(call);
			Thread second = new Thread(call);
			first.start();
			second.start();
			first.join(10_000);
			second.join(10_000);
			assertThat(rejected).as("calls rejected although every limit admits them within 10 s").hasValue(0);
		});
	}

	@Test
	void asyncRetryAfterAFailureOnAnotherThreadKeepsTheCallersContext() {
		this.runner.withBean(ManualTimeSource.class, ManualTimeSource::new).withBean(Remote.class).run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.setRemoteAddr("192.0.2.7");
			RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
			MDC.put("trace", "t-1");
			Remote remote = context.getBean(Remote.class);
			CompletableFuture<String> result = remote.call();
			Thread io = new Thread(() -> remote.pending().completeExceptionally(new IOException("transient")), "io");
			io.start();
			io.join(5_000);
			assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("ok");
			List<String> seen = remote.seen();
			assertThat(seen).hasSize(2);
			assertThat(seen.get(0)).isEqualTo("192.0.2.7 t-1");
			assertThat(seen.get(1)).as("context seen by the retry").isEqualTo("192.0.2.7 t-1");
		});
	}

	@Test
	void beanWrappedAgainByAnotherAutoProxyCreatorStartsAndIsLimited() {
		this.runner.withBean(ManualTimeSource.class, ManualTimeSource::new)
			.withBean("search", Search.class, SearchImpl::new)
			.withBean("tracing", MethodInterceptor.class, () -> (invocation) -> invocation.proceed())
			.withBean("tracingProxyCreator", BeanNameAutoProxyCreator.class, () -> {
				BeanNameAutoProxyCreator creator = new BeanNameAutoProxyCreator();
				creator.setBeanNames("search");
				creator.setInterceptorNames("tracing");
				return creator;
			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Search search = context.getBean(Search.class);
				search.search("a");
				assertThatCode(() -> search.search("b")).isInstanceOf(RateLimitExceededException.class);
			});
	}

	interface Search {

		String search(String query);

	}

	static class SearchImpl implements Search {

		@Override
		@RateLimited("strict")
		public String search(String query) {
			return query;
		}

	}

	static class Transfers {

		@RateLimited(name = "per-user", key = "#from")
		@RateLimited(name = "per-user", key = "#to")
		public void transfer(String from, String to) {
		}

		@RateLimited("wide")
		@RateLimited("paced")
		public void wideAndPaced() {
		}

	}

	static class Remote {

		volatile CompletableFuture<String> pending;

		final List<String> seen = new CopyOnWriteArrayList<>();

		public CompletableFuture<String> pending() {
			return this.pending;
		}

		public List<String> seen() {
			return this.seen;
		}

		@Retried(maxAttempts = "2", delay = "100ms")
		public CompletableFuture<String> call() {
			ServletRequestAttributes request = (ServletRequestAttributes) RequestContextHolder.getRequestAttributes();
			this.seen.add(((request != null) ? request.getRequest().getRemoteAddr() : "none") + " " + MDC.get("trace"));
			if (this.seen.size() == 1) {
				this.pending = new CompletableFuture<>();
				return this.pending;
			}
			return CompletableFuture.completedFuture("ok");
		}

		@RateLimited("fast")
		public CompletableFuture<String> fast() {
			return CompletableFuture.completedFuture("ok");
		}

	}

}
