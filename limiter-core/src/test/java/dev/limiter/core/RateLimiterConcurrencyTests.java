package dev.limiter.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads on one limiter never get more than the rate allows.
 *
 * <p>
 * Time stands still while the threads race and moves on between rounds, so the test needs
 * no sleeping and its answer is exact: with single-permit requests every round admits the
 * same number of permits whichever thread wins, so the concurrent total must equal the
 * total of the same rounds played by one thread. A lost update (two threads granted
 * against the same state) shows up as extra permits.
 *
 * @author The limiter authors
 */
class RateLimiterConcurrencyTests {

	private static final int THREADS = 8;

	private static final int ROUNDS = 1_500;

	private static final int ATTEMPTS_PER_ROUND = 400;

	static Stream<Supplier<RateLimiterConfig>> configs() {
		return Stream.of(() -> RateLimiterConfig.bursty(100, Duration.ofMillis(50)),
				() -> RateLimiterConfig.bursty(100, Duration.ZERO),
				() -> RateLimiterConfig.warmingUp(100, Duration.ofMillis(200), 3),
				// Tens of permits a round, so that threads really race for them.
				() -> RateLimiterConfig.bursty(10_000, Duration.ofMillis(5)),
				() -> RateLimiterConfig.warmingUp(10_000, Duration.ofMillis(200), 3));
	}

	@ParameterizedTest
	@MethodSource("configs")
	void concurrentCallersGetExactlyWhatOneCallerWould(Supplier<RateLimiterConfig> config) throws Exception {
		long sequential = admitted(config.get(), 1);
		long concurrent = admitted(config.get(), THREADS);
		// Enough admitted to mean something, and far fewer than asked for.
		assertThat(sequential).isBetween((long) ROUNDS / 5, (long) ROUNDS * ATTEMPTS_PER_ROUND / 2);
		assertThat(concurrent).isEqualTo(sequential);
	}

	/**
	 * Plays the rounds: time moves by an uneven step (3–17 ms), then the threads share
	 * the round's attempts.
	 */
	private long admitted(RateLimiterConfig config, int threads) throws Exception {
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter limiter = RateLimiter.create(config, time);
		AtomicLong admitted = new AtomicLong();
		CyclicBarrier roundStart = new CyclicBarrier(threads,
				() -> time.advance(Duration.ofMillis(3 + (time.nanoTime() / 1_000_000) % 15)));
		CyclicBarrier roundEnd = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				workers.add(executor.submit(() -> {
					for (int round = 0; round < ROUNDS; round++) {
						roundStart.await();
						for (int i = 0; i < ATTEMPTS_PER_ROUND / threads; i++) {
							if (limiter.tryAcquire()) {
								admitted.incrementAndGet();
							}
						}
						roundEnd.await();
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		return admitted.get();
	}

}
