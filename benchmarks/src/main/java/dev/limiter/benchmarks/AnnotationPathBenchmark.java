package dev.limiter.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import org.aopalliance.intercept.MethodInterceptor;
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

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The annotation path in a real Spring Boot context: a call to a {@code @RateLimited}
 * method admitted (unkeyed and with a {@code #argument} key) and rejected, against the
 * same method unannotated and behind a no-op interceptor on a CGLIB proxy (the floor any
 * interceptor pays). The first step of issue 12's measurements: limiter only, peers next.
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

	private ConfigurableApplicationContext context;

	private Catalogue limited;

	private Catalogue plain;

	private Catalogue noOp;

	@Setup(Level.Trial)
	public void start() {
		this.context = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("limiter.rate-limits.open.rate=1e9", "limiter.rate-limits.closed.rate=1e-9",
					"logging.level.root=warn")
			.run();
		this.limited = this.context.getBean(Catalogue.class);
		this.plain = new Catalogue();
		ProxyFactory proxy = new ProxyFactory(new Catalogue());
		proxy.setProxyTargetClass(true);
		proxy.addAdvice((MethodInterceptor) (invocation) -> invocation.proceed());
		this.noOp = (Catalogue) proxy.getProxy();
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
		return this.noOp.open(42);
	}

	@Benchmark
	public long permitted() {
		return this.limited.open(42);
	}

	@Benchmark
	public long permittedKeyed() {
		return this.limited.keyed(42);
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

	/** The benchmark's context: the limiter's auto-configuration and one bean. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class })
	static class Config {

		@Bean
		Catalogue catalogue() {
			return new Catalogue();
		}

	}

	/** A bean whose methods are limited; the same class, unproxied, is the baseline. */
	public static class Catalogue {

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

	}

}
