package dev.limiter.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.RateLimiterSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Permitted try-acquires on a warming-up limiter while another thread reads its
 * {@code snapshot()} as fast as it can, as the web integration does on every admitted
 * request. A snapshot that takes the write side of the limiter's lock makes grants wait
 * for it; an optimistic one does not. Compare {@code acquireAlone} (no reader) with
 * {@code withReader:acquire} in the same run.
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class SnapshotContentionBenchmark {

	RateLimiter limiter;

	@Setup
	public void setUp() {
		this.limiter = RateLimiter
			.create(RateLimiterConfig.warmingUp(RateLimiterConfig.MAX_PERMITS_PER_SECOND, Duration.ofSeconds(1)));
	}

	@Benchmark
	@Group("acquireAlone")
	@GroupThreads(1)
	public boolean acquireAlone() {
		return this.limiter.tryAcquire();
	}

	@Benchmark
	@Group("withReader")
	@GroupThreads(1)
	public boolean acquire() {
		return this.limiter.tryAcquire();
	}

	@Benchmark
	@Group("withReader")
	@GroupThreads(1)
	public RateLimiterSnapshot snapshot() {
		return this.limiter.snapshot();
	}

}
