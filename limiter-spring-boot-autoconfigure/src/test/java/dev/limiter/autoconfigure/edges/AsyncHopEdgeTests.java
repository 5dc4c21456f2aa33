package dev.limiter.autoconfigure.edges;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.Advisor;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.RootClassFilter;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asynchronous calls that resume after a wait (a paced call, an async retry) resume on a
 * real other thread, Spring Boot's task executor, with the caller's request, MDC and
 * current AOP invocation carried across. The {@code ManualTimeSource} decides when (at
 * once); the executor decides where, so the hop is real.
 *
 * @author The limiter authors
 */
class AsyncHopEdgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withBean(Flaky.class)
		.withBean("exposeInvocation", Advisor.class, AsyncHopEdgeTests::exposeInvocation,
				(definition) -> definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE))
		.withPropertyValues("limiter.rate-limits.per-client.rate=100", "limiter.rate-limits.paced.rate=1",
				"limiter.rate-limits.paced.max-burst=0s", "limiter.rate-limits.paced.timeout=5s");

	/**
	 * What AspectJ auto-proxying puts first in every chain, here for {@link Flaky} only:
	 * it lets advice find the current invocation.
	 */
	private static Advisor exposeInvocation() {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new ComposablePointcut(new RootClassFilter(Flaky.class)), ExposeInvocationInterceptor.INSTANCE);
		advisor.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return advisor;
	}

	@BeforeEach
	void inARequest() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("192.0.2.7");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		MDC.put("trace", "t-1");
	}

	@AfterEach
	void outOfTheRequest() {
		RequestContextHolder.resetRequestAttributes();
		MDC.clear();
	}

	@Test
	void asyncRetryOfAKeyedLimitRunsOnAnotherThreadWithTheCallersContext() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			flaky.failFirst(2);
			assertThat(flaky.retried()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("ok");
			List<Attempt> attempts = flaky.attempts();
			assertThat(attempts).hasSize(3);
			assertThat(attempts.get(0).thread()).isEqualTo(Thread.currentThread().getName());
			for (Attempt attempt : attempts.subList(1, 3)) {
				assertThat(attempt.thread()).isNotEqualTo(Thread.currentThread().getName()).startsWith("task-");
				assertThat(attempt.remoteAddr()).isEqualTo("192.0.2.7");
				assertThat(attempt.trace()).isEqualTo("t-1");
				assertThat(attempt.invocationFound()).isTrue();
			}
		});
	}

	@Test
	void pacedAsyncCallRunsOnAnotherThreadWithTheCallersContext() {
		this.runner.run((context) -> {
			Flaky flaky = context.getBean(Flaky.class);
			assertThat(flaky.paced()).succeedsWithin(Duration.ofSeconds(5));
			assertThat(flaky.paced()).succeedsWithin(Duration.ofSeconds(5));
			assertThat(context.getBean(ManualTimeSource.class).takeSleeps()).containsExactly(Duration.ofSeconds(1));
			Attempt waited = flaky.attempts().get(1);
			assertThat(waited.thread()).startsWith("task-");
			assertThat(waited.remoteAddr()).isEqualTo("192.0.2.7");
			assertThat(waited.trace()).isEqualTo("t-1");
			assertThat(waited.invocationFound()).isTrue();
		});
	}

	record Attempt(String thread, String remoteAddr, String trace, boolean invocationFound) {

		static Attempt now() {
			boolean found;
			try {
				ExposeInvocationInterceptor.currentInvocation();
				found = true;
			}
			catch (IllegalStateException ex) {
				found = false;
			}
			ServletRequestAttributes request = (ServletRequestAttributes) RequestContextHolder.getRequestAttributes();
			return new Attempt(Thread.currentThread().getName(),
					(request != null) ? request.getRequest().getRemoteAddr() : "none", String.valueOf(MDC.get("trace")),
					found);
		}

	}

	static class Flaky {

		private volatile int failures;

		private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

		List<Attempt> attempts() {
			return this.attempts;
		}

		void failFirst(int failures) {
			this.failures = failures;
		}

		@Retried(maxAttempts = "3", delay = "100ms")
		@RateLimited(name = "per-client", key = "#request.remoteAddr")
		CompletableFuture<String> retried() {
			this.attempts.add(Attempt.now());
			if (this.failures-- > 0) {
				return CompletableFuture.failedFuture(new IOException("transient"));
			}
			return CompletableFuture.completedFuture("ok");
		}

		@RateLimited(name = "paced", key = "#request.remoteAddr")
		CompletableFuture<String> paced() {
			this.attempts.add(Attempt.now());
			return CompletableFuture.completedFuture("ok");
		}

	}

}
