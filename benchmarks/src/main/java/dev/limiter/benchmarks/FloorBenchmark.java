package dev.limiter.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What no limiter can beat: reading the clock (every try-acquire does) and one
 * compare-and-set on a shared word (every granted one does).
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FloorBenchmark {

	private final AtomicLong word = new AtomicLong();

	@Benchmark
	public long nanoTime() {
		return System.nanoTime();
	}

	@Benchmark
	public boolean compareAndSet() {
		long value = this.word.get();
		return this.word.compareAndSet(value, value + 1);
	}

}
