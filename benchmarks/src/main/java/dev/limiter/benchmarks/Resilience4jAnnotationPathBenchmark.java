package dev.limiter.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.ratelimiter.annotation.RateLimiter;
import io.github.resilience4j.retry.annotation.Retry;
import io.github.resilience4j.springboot.ratelimiter.autoconfigure.RateLimiterAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The peer of {@link AnnotationPathBenchmark}: the same calls through Resilience4j's own
 * Spring Boot 4 starter ({@code @RateLimiter}, {@code @Retry}, its AspectJ aspects), with
 * the same rates: 1e9 permits per second admitting every call ({@code limit-for-period}
 * 1,000,000,000 per second), one permit per 1e9 seconds rejecting every call after the
 * first, rejections without a stack trace as limiter's are
 * ({@code writable-stack-trace-enabled: false}), and a retry policy of three attempts.
 * The floor is a no-op interceptor on the same proxy, as there.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar AnnotationPath -prof gc
 * }</pre>
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class Resilience4jAnnotationPathBenchmark {

	private ConfigurableApplicationContext context;

	private Catalogue limited;

	@Setup(Level.Trial)
	public void start() {
		this.context = Benchmarks.context(Config.class,
				"resilience4j.ratelimiter.instances.open.limit-for-period=1000000000",
				"resilience4j.ratelimiter.instances.open.limit-refresh-period=1s",
				"resilience4j.ratelimiter.instances.open.timeout-duration=0",
				"resilience4j.ratelimiter.instances.closed.limit-for-period=1",
				"resilience4j.ratelimiter.instances.closed.limit-refresh-period=1000000000s",
				"resilience4j.ratelimiter.instances.closed.timeout-duration=0",
				"resilience4j.ratelimiter.instances.closed.writable-stack-trace-enabled=false",
				"resilience4j.retry.instances.inventory.max-attempts=3",
				"resilience4j.retry.instances.inventory.wait-duration=200ms");
		this.limited = this.context.getBean(Catalogue.class);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long noOpInterceptor() {
		return this.limited.noOp(42);
	}

	@Benchmark
	public long permitted() {
		return this.limited.open(42);
	}

	@Benchmark
	public Object rejected() {
		try {
			return this.limited.closed(42);
		}
		catch (RequestNotPermitted ex) {
			return ex;
		}
	}

	@Benchmark
	public long retriedSucceeding() {
		return this.limited.retried(42);
	}

	/** Marks the method the no-op interceptor advises. */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@interface NoOp {

	}

	/** The peer's starter, with Spring Boot's AOP auto-configuration it relies on. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, RateLimiterAutoConfiguration.class,
			RetryAutoConfiguration.class })
	static class Config {

		@Bean
		Catalogue catalogue() {
			return new Catalogue();
		}

		@Bean
		static Advisor noOpAdvisor() {
			return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoOp.class),
					(MethodInterceptor) MethodInvocation::proceed);
		}

	}

	/**
	 * The same bean as {@link AnnotationPathBenchmark}'s, with the peer's annotations.
	 */
	public static class Catalogue {

		@NoOp
		public long noOp(long id) {
			return id + 1;
		}

		@RateLimiter(name = "open")
		public long open(long id) {
			return id + 1;
		}

		@RateLimiter(name = "closed")
		public long closed(long id) {
			return id + 1;
		}

		@Retry(name = "inventory")
		public long retried(long id) {
			return id + 1;
		}

	}

}
