package dev.limiter.core.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ConcurrencyLimiter#retireIfIdle()} and the idle callback: the primitive that
 * lets a registry of limiters by client key drop one without ever letting a call hold a
 * slot nobody counts.
 *
 * @author The limiter authors
 */
class ConcurrencyLimiterRetireTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void aLimiterWithACallInFlightIsNotRetired() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 0, this.time);
		ConcurrencyLimiter.Slot slot = limiter.tryAcquire();
		assertThat(limiter.retireIfIdle()).isFalse();
		assertThat(limiter.isRetired()).isFalse();
		slot.release();
		assertThat(limiter.retireIfIdle()).isTrue();
		assertThat(limiter.retireIfIdle()).as("already retired").isTrue();
	}

	@Test
	void aLimiterWithACallWaitingIsNotRetired() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, this.time);
		ConcurrencyLimiter.Slot held = limiter.tryAcquire();
		CompletableFuture<ConcurrencyLimiter.Slot> waiting = limiter.acquire(Duration.ofSeconds(1));
		assertThat(limiter.retireIfIdle()).isFalse();
		held.release();
		assertThat(waiting).isCompleted();
		assertThat(limiter.retireIfIdle()).as("the slot went to the waiter").isFalse();
		waiting.join().release();
		assertThat(limiter.retireIfIdle()).isTrue();
	}

	@Test
	void aRetiredLimiterHandsOutNoSlot() throws InterruptedException {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(3, 3, this.time);
		assertThat(limiter.retireIfIdle()).isTrue();
		assertThat(limiter.tryAcquire()).isNull();
		assertThat(limiter.acquireUnlessRetired(Duration.ofSeconds(1))).isNull();
		assertThat(limiter.acquireBlockingUnlessRetired(Duration.ZERO)).isNull();
		assertThatIllegalStateException().isThrownBy(() -> limiter.acquire(Duration.ZERO))
			.withMessageContaining("retired");
		assertThatIllegalStateException().isThrownBy(() -> limiter.acquireBlocking(Duration.ZERO));
		limiter.setMaxConcurrent(10);
		assertThat(limiter.tryAcquire()).as("a larger cap does not reopen it").isNull();
		assertThat(limiter.inFlight()).isZero();
		assertThat(limiter.waiting()).isZero();
	}

	@Test
	void idleCallbackRunsWhenTheLastSlotIsGivenBackWithNobodyWaiting() {
		AtomicInteger idle = new AtomicInteger();
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 2, this.time, idle::incrementAndGet);
		ConcurrencyLimiter.Slot first = limiter.tryAcquire();
		ConcurrencyLimiter.Slot second = limiter.tryAcquire();
		CompletableFuture<ConcurrencyLimiter.Slot> waiter = limiter.acquire(Duration.ofSeconds(1));
		first.release();
		assertThat(idle).as("handed to the waiter").hasValue(0);
		second.release();
		assertThat(idle).as("one still in flight").hasValue(0);
		waiter.join().release();
		assertThat(idle).hasValue(1);
		limiter.tryAcquire().release();
		assertThat(idle).hasValue(2);
	}

	@Test
	void noCallEverHoldsASlotOfARetiredLimiter() throws Exception {
		int threads = 4;
		ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
		try {
			for (int round = 0; round < 50; round++) {
				ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 2, TimeSource.system());
				AtomicLong violations = new AtomicLong();
				List<Future<?>> callers = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					callers.add(pool.submit(() -> {
						while (true) {
							CompletableFuture<ConcurrencyLimiter.Slot> pending = limiter
								.acquireUnlessRetired(Duration.ofMillis(1));
							if (pending == null) {
								return;
							}
							ConcurrencyLimiter.Slot slot;
							try {
								slot = pending.join();
							}
							catch (RuntimeException unavailable) {
								continue;
							}
							if (limiter.isRetired()) {
								violations.incrementAndGet();
							}
							slot.release();
						}
					}));
				}
				Future<?> retirer = pool.submit(() -> {
					while (!limiter.retireIfIdle()) {
						Thread.onSpinWait();
					}
				});
				retirer.get(10, TimeUnit.SECONDS);
				for (Future<?> caller : callers) {
					caller.get(10, TimeUnit.SECONDS);
				}
				assertThat(violations).hasValue(0);
				assertThat(limiter.inFlight()).isZero();
				assertThat(limiter.waiting()).isZero();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
