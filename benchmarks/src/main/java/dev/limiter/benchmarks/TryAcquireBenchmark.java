package dev.limiter.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One non-blocking try-acquire of one permit on a limiter shared by all benchmark
 * threads, for limiter and its peers, on two paths:
 * <ul>
 * <li>{@code permitted}: a rate no caller can reach, so every call is granted and
 * writes;</li>
 * <li>{@code rejected}: 1000 permits per second hammered, so all but a thousand calls a
 * second are denied and only read.</li>
 * </ul>
 * Run with {@code -t 1} and {@code -t 2}, and {@code -prof gc} for allocation.
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TryAcquireBenchmark {

	/**
	 * A rate no caller can reach (1e9 per second: our maximum, and Bucket4j's), or 1000
	 * per second.
	 */
	@State(Scope.Benchmark)
	public static class Path {

		@Param({ "permitted", "rejected" })
		public String path;

		double rate() {
			return this.path.equals("permitted") ? RateLimiterConfig.MAX_PERMITS_PER_SECOND : 1000;
		}

		boolean permitted() {
			return this.path.equals("permitted");
		}

	}

	@State(Scope.Benchmark)
	public static class LimiterBursty {

		RateLimiter limiter;

		@Setup
		public void setUp(Path path) {
			this.limiter = RateLimiter.create(RateLimiterConfig.bursty(path.rate()));
		}

	}

	@State(Scope.Benchmark)
	public static class LimiterWarmingUp {

		RateLimiter limiter;

		@Setup
		public void setUp(Path path) {
			this.limiter = RateLimiter.create(RateLimiterConfig.warmingUp(path.rate(), Duration.ofSeconds(1)));
		}

	}

	@State(Scope.Benchmark)
	public static class GuavaBursty {

		com.google.common.util.concurrent.RateLimiter limiter;

		@Setup
		public void setUp(Path path) {
			this.limiter = com.google.common.util.concurrent.RateLimiter.create(path.rate());
		}

	}

	@State(Scope.Benchmark)
	public static class GuavaWarmingUp {

		com.google.common.util.concurrent.RateLimiter limiter;

		@Setup
		public void setUp(Path path) {
			this.limiter = com.google.common.util.concurrent.RateLimiter.create(path.rate(), Duration.ofSeconds(1));
		}

	}

	@State(Scope.Benchmark)
	public static class Resilience4j {

		AtomicRateLimiter limiter;

		@Setup
		public void setUp(Path path) {
			this.limiter = new AtomicRateLimiter("benchmark",
					io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
						// the same rate and window as Bucket4j's: the rate's permits per
						// second
						.limitForPeriod((int) path.rate())
						.limitRefreshPeriod(Duration.ofSeconds(1))
						.timeoutDuration(Duration.ZERO)
						.build());
		}

	}

	@State(Scope.Benchmark)
	public static class Bucket4j {

		Bucket bucket;

		@Setup
		public void setUp(Path path) {
			long perSecond = (long) path.rate();
			this.bucket = Bucket.builder()
				.addLimit(
						Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
				.build();
		}

	}

	@Benchmark
	public boolean limiterBursty(LimiterBursty state) {
		return state.limiter.tryAcquire();
	}

	@Benchmark
	public boolean limiterWarmingUp(LimiterWarmingUp state) {
		return state.limiter.tryAcquire();
	}

	@Benchmark
	public boolean guavaBursty(GuavaBursty state) {
		return state.limiter.tryAcquire();
	}

	@Benchmark
	public boolean guavaWarmingUp(GuavaWarmingUp state) {
		return state.limiter.tryAcquire();
	}

	@Benchmark
	public boolean resilience4j(Resilience4j state) {
		return state.limiter.acquirePermission();
	}

	@Benchmark
	public boolean bucket4j(Bucket4j state) {
		return state.bucket.tryConsume(1);
	}

}
