package dev.limiter.benchmarks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Acquire and release of one slot of a cap no caller reaches (1,000 slots, so no call
 * waits), shared by every benchmark thread: limiter's {@link ConcurrencyLimiter},
 * Resilience4j 2.4's {@code SemaphoreBulkhead} (the same cap, no wait) and a bare fair
 * {@link Semaphore}. Run with {@code -t 1} and {@code -t 2}, and {@code -prof gc}.
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConcurrencySlotBenchmark {

	private static final int SLOTS = 1000;

	@State(Scope.Benchmark)
	public static class Caps {

		ConcurrencyLimiter limiter;

		Bulkhead bulkhead;

		Semaphore semaphore;

		@Setup
		public void setUp() {
			this.limiter = new ConcurrencyLimiter(SLOTS, 0, TimeSource.system());
			this.bulkhead = Bulkhead.of("bench",
					BulkheadConfig.custom().maxConcurrentCalls(SLOTS).maxWaitDuration(Duration.ZERO).build());
			this.semaphore = new Semaphore(SLOTS, true);
		}

	}

	@Benchmark
	public boolean limiter(Caps caps) {
		ConcurrencyLimiter.Slot slot = caps.limiter.tryAcquire();
		if (slot == null) {
			return false;
		}
		slot.release();
		return true;
	}

	@Benchmark
	public boolean resilience4jSemaphoreBulkhead(Caps caps) {
		if (!caps.bulkhead.tryAcquirePermission()) {
			return false;
		}
		caps.bulkhead.onComplete();
		return true;
	}

	@Benchmark
	public boolean fairSemaphore(Caps caps) {
		if (!caps.semaphore.tryAcquire()) {
			return false;
		}
		caps.semaphore.release();
		return true;
	}

}
