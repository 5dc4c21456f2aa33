package dev.limiter.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What a limiter reports and what it enforces stay one and the same under concurrent rate
 * changes, and reading its state never holds up a grant.
 *
 * @author The limiter authors
 */
class RateLimiterStateConsistencyTests {

	static Stream<Supplier<RateLimiterConfig>> configs() {
		return Stream.of(() -> RateLimiterConfig.bursty(1, Duration.ZERO),
				() -> RateLimiterConfig.warmingUp(1, Duration.ofNanos(1), 1));
	}

	@ParameterizedTest
	@MethodSource("configs")
	void concurrentRateChangesLeaveTheReportedRateTheOneEnforced(Supplier<RateLimiterConfig> config) throws Exception {
		int rounds = 20_000;
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter limiter = RateLimiter.create(config.get(), time);
		CyclicBarrier start = new CyclicBarrier(3);
		CyclicBarrier end = new CyclicBarrier(3);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (double base : new double[] { 1_000, 2_000 }) {
				writers.add(executor.submit(() -> {
					for (int round = 0; round < rounds; round++) {
						start.await();
						limiter.setRate(base + round % 7);
						end.await();
					}
					return null;
				}));
			}
			for (int round = 0; round < rounds; round++) {
				start.await();
				end.await();
				long before = limiter.queryWaitNanos(1);
				limiter.reserveNanos(1);
				long costNanos = limiter.queryWaitNanos(1) - before;
				long reportedNanos = SmoothRateLimiter.costNanos(1e9 / limiter.config().permitsPerSecond());
				assertThat(costNanos).as("round %d", round).isEqualTo(reportedNanos);
				time.advance(Duration.ofSeconds(1));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@ParameterizedTest
	@MethodSource("configs")
	void grantsGoOnWhileASnapshotIsBeingTaken(Supplier<RateLimiterConfig> config) throws Exception {
		CountDownLatch snapshotReadsClock = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread[] reader = new Thread[1];
		TimeSource stallsTheReader = new TimeSource() {

			@Override
			public long nanoTime() {
				if (Thread.currentThread() == reader[0]) {
					snapshotReadsClock.countDown();
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return 0;
			}

			@Override
			public void sleepNanos(long nanos) {
			}

		};
		RateLimiter limiter = RateLimiter.create(config.get(), stallsTheReader);
		reader[0] = new Thread(limiter::snapshot);
		reader[0].start();
		snapshotReadsClock.await();
		try {
			// A snapshot holding the limiter's lock while it reads the clock would make
			// this grant spin until the reader is released.
			assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(limiter.tryAcquire()).isTrue());
		}
		finally {
			release.countDown();
			reader[0].join();
		}
	}

}
