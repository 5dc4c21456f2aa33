package dev.limiter.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a call under a per-client limit ({@code key = "#id"}) costs against the number of
 * live keys (all held before measuring, {@code max-keys} set to hold them) and, with
 * {@code -t}, the number of threads; the unkeyed limit with the same arguments alongside.
 * Each thread walks the keys from its own place, so threads rarely share a key's limiter.
 *
 * <pre>{@code
 * for t in 1 2 8 64; do java -jar benchmarks/target/benchmarks.jar KeyScaling -t $t; done
 * }</pre>
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class KeyScalingBenchmark {

	@Param({ "1", "1000", "1000000" })
	public int keys;

	private ConfigurableApplicationContext context;

	Catalogue limited;

	@Setup(Level.Trial)
	public void start() {
		this.context = Benchmarks.context(Config.class, "limiter.rate-limits.open.rate=1e9",
				"limiter.rate-limits.open.max-keys=" + this.keys);
		this.limited = this.context.getBean(Catalogue.class);
		for (long id = 0; id < this.keys; id++) {
			this.limited.keyed(id);
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long unkeyed(Walk walk) {
		return this.limited.open(walk.next());
	}

	@Benchmark
	public long keyed(Walk walk) {
		return this.limited.keyed(walk.next());
	}

	/** One thread's walk through the keys, from a place of its own. */
	@State(Scope.Thread)
	public static class Walk {

		private long next;

		private long keys;

		@Setup(Level.Trial)
		public void start(KeyScalingBenchmark benchmark) {
			this.keys = benchmark.keys;
			this.next = (long) (Math.random() * this.keys);
		}

		long next() {
			long id = this.next;
			this.next = (id + 1 == this.keys) ? 0 : id + 1;
			return id;
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

	/** A bean with one limit, shared and per client. */
	public static class Catalogue {

		@RateLimited("open")
		public long open(long id) {
			return id + 1;
		}

		@RateLimited(name = "open", key = "#id")
		public long keyed(long id) {
			return id + 1;
		}

	}

}
