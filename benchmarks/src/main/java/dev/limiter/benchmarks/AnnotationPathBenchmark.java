package dev.limiter.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
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
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * The annotation path in a real Spring Boot context: a call to a {@code @RateLimited}
 * method admitted (unkeyed, and with a {@code #argument} key, one key or 10,000 in turn)
 * and rejected, and a {@code @Retried} method succeeding at once, against the same method
 * unannotated and behind a no-op interceptor on the same proxy (the floor any interceptor
 * pays: an advisor of its own, applied by the same auto-proxy creator).
 * {@link Resilience4jAnnotationPathBenchmark} measures the peer the same way.
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
public class AnnotationPathBenchmark {

	/** Keys the rotating benchmarks cycle through: the default {@code max-keys}. */
	static final int ROTATING_KEYS = 10_000;

	private ConfigurableApplicationContext context;

	private Catalogue limited;

	private Catalogue plain;

	@Setup(Level.Trial)
	public void start() {
		this.context = Benchmarks.context(Config.class, "limiter.rate-limits.open.rate=1e9",
				"limiter.rate-limits.closed.rate=1e-9", "limiter.retries.inventory.max-attempts=3");
		this.limited = this.context.getBean(Catalogue.class);
		this.plain = new Catalogue();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long unannotated() {
		return this.plain.open(42);
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
	public long permittedKeyed() {
		return this.limited.keyed(42);
	}

	/** The unkeyed path with the rotating benchmark's arguments, boxing included. */
	@Benchmark
	public long permittedRotatingArguments(Rotation rotation) {
		return this.limited.open(rotation.next());
	}

	@Benchmark
	public long permittedKeyedRotating(Rotation rotation) {
		return this.limited.keyed(rotation.next());
	}

	@Benchmark
	public Object rejected() {
		try {
			return this.limited.closed(42);
		}
		catch (RateLimitExceededException ex) {
			return ex;
		}
	}

	/**
	 * The floor of a rejection: a no-op interceptor on the same proxy throwing a
	 * preallocated exception with no stack trace, which the caller catches.
	 */
	@Benchmark
	public Object noOpInterceptorThrowing() {
		try {
			return this.limited.noOpThrowing(42);
		}
		catch (IllegalStateException ex) {
			return ex;
		}
	}

	@Benchmark
	public long retriedSucceeding() {
		return this.limited.retried(42);
	}

	/** Each thread's place in the keys, so threads do not share a counter. */
	@State(Scope.Thread)
	public static class Rotation {

		private long next;

		long next() {
			long id = this.next;
			this.next = (id + 1 == ROTATING_KEYS) ? 0 : id + 1;
			return id + 1_000;
		}

	}

	/** Marks the method the no-op interceptor advises. */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@interface NoOp {

	}

	/** Marks the method the throwing no-op interceptor advises. */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@interface NoOpThrowing {

	}

	/** Thrown by the throwing floor, made once, with no stack trace as a rejection. */
	static final IllegalStateException PREALLOCATED = new IllegalStateException("rejected") {

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	};

	/** The benchmark's context: the limiter's auto-configuration and one bean. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class,
			RetryAutoConfiguration.class })
	static class Config {

		@Bean
		Catalogue catalogue() {
			return new Catalogue();
		}

		/**
		 * The floor: applied by the same auto-proxy creator as the limiter's advisors.
		 */
		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor noOpAdvisor() {
			return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoOp.class),
					(MethodInterceptor) MethodInvocation::proceed);
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor noOpThrowingAdvisor() {
			return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoOpThrowing.class),
					(MethodInterceptor) (invocation) -> {
						throw PREALLOCATED;
					});
		}

	}

	/** A bean whose methods are limited; the same class, unproxied, is the baseline. */
	public static class Catalogue {

		@NoOp
		public long noOp(long id) {
			return id + 1;
		}

		@NoOpThrowing
		public long noOpThrowing(long id) {
			return id + 1;
		}

		@RateLimited("open")
		public long open(long id) {
			return id + 1;
		}

		@RateLimited(name = "open", key = "#id")
		public long keyed(long id) {
			return id + 1;
		}

		@RateLimited("closed")
		public long closed(long id) {
			return id + 1;
		}

		@Retried("inventory")
		public long retried(long id) {
			return id + 1;
		}

	}

}
