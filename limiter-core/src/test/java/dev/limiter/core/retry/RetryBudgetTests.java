package dev.limiter.core.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetryBudget}.
 *
 * @author The limiter authors
 */
class RetryBudgetTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void retriesAddAtMostRatioTimesTheCallsPlusTheFloor() {
		RetryBudget budget = new RetryBudget(0.2, 0, this.time);
		for (int i = 0; i < 100; i++) {
			budget.recordCall();
		}
		int retries = 0;
		while (budget.tryRetry()) {
			retries++;
		}
		assertThat(retries).isEqualTo(20);
		assertThat(budget.balance()).isZero();
	}

	@Test
	void floorAllowsSomeRetriesWithoutTraffic() {
		RetryBudget budget = new RetryBudget(0.2, 1, this.time);
		int retries = 0;
		while (budget.tryRetry()) {
			retries++;
		}
		// 1 per second over the 10 s window
		assertThat(retries).isEqualTo(10);
	}

	@Test
	void creditExpiresWithTheWindow() {
		RetryBudget budget = new RetryBudget(0.5, 0, this.time);
		for (int i = 0; i < 100; i++) {
			budget.recordCall();
		}
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.tryRetry()).isFalse();
		assertThat(budget.balance()).isZero();
	}

	@Test
	void retriesSpentAreRememberedForTheWindow() {
		RetryBudget budget = new RetryBudget(1, 0, this.time);
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
		this.time.advance(Duration.ofSeconds(5));
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();
		// the first call and its retry leave the window
		this.time.advance(Duration.ofSeconds(5));
		assertThat(budget.tryRetry()).isFalse();
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
	}

	@Test
	void badValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(-0.1, 0, this.time))
			.withMessage("ratio (-0.1) must be a finite number of 0 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0.1, Double.NaN, this.time))
			.withMessage("minPerSecond (NaN) must be a finite number of 0 or more");
	}

	@Test
	void callsRecordedOnManyThreadsAreAllCountedAcrossSeconds() throws Exception {
		RetryBudget budget = new RetryBudget(1, 0, this.time);
		int threads = 4;
		int callsPerThread = 20_000;
		CyclicBarrier start = new CyclicBarrier(threads + 1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> recorders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				recorders.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < callsPerThread; i++) {
						budget.recordCall();
					}
					return null;
				}));
			}
			start.await();
			// the seconds turn under the recorders: each slot is replaced as they add to
			// it
			for (int second = 0; second < 5; second++) {
				this.time.advance(Duration.ofMillis(1_000));
			}
			for (Future<?> recorder : recorders) {
				recorder.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(budget.balance()).isEqualTo(threads * callsPerThread);
	}

	@Test
	void retriesRacingForTheLastOfTheBudgetNeverOverspendIt() throws Exception {
		RetryBudget budget = new RetryBudget(0.5, 0, this.time);
		for (int i = 0; i < 1_000; i++) {
			budget.recordCall();
		}
		int threads = 4;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		AtomicInteger spent = new AtomicInteger();
		try {
			List<Future<?>> spenders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				spenders.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 1_000; i++) {
						if (budget.tryRetry()) {
							spent.incrementAndGet();
						}
						budget.recordCall();
					}
					return null;
				}));
			}
			for (Future<?> spender : spenders) {
				spender.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// 1,000 calls before and 4,000 during earned 2,500 retries: never more spent
		assertThat(spent.get()).isLessThanOrEqualTo(2_500);
		assertThat(budget.balance()).isEqualTo(2_500 - spent.get());
	}

}
