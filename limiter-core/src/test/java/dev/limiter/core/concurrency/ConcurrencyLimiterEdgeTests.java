package dev.limiter.core.concurrency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ConcurrencyLimiter} at its edges, found by review: an interrupt before the call,
 * timers of waiters handed a slot before their timer was set, and cap changes under load
 * on a clock that never fires a timeout (the first two failed before their fixes).
 *
 * @author The limiter authors
 */
class ConcurrencyLimiterEdgeTests {

	/** Class doc: "leaves at once, with its interrupt flag set, when interrupted". */
	@Test
	void interruptedBeforeAcquireBlockingKeepsTheFlag() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, new ManualTimeSource());
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class)
				.isThrownBy(() -> limiter.acquireBlocking(Duration.ofSeconds(1)));
			assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	/**
	 * A waiter that gets its slot must not leave its timeout task pending (on the system
	 * clock it would be kept, with the waiter, until its deadline).
	 */
	@Test
	void everyWaiterThatGetsASlotHasItsTimerCancelled() throws Exception {
		List<FutureTask<Void>> timers = new CopyOnWriteArrayList<>();
		TimeSource neverFires = new TimeSource() {
			@Override
			public long nanoTime() {
				return 0;
			}

			@Override
			public void sleepNanos(long nanos) {
			}

			@Override
			public Future<?> schedule(long delayNanos, Runnable task) {
				FutureTask<Void> timer = new FutureTask<>(task, null);
				timers.add(timer);
				return timer;
			}
		};
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 100, neverFires);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		// 20,000 calls take a thread a few milliseconds: start together, or none waits
		CyclicBarrier start = new CyclicBarrier(4);
		for (int thread = 0; thread < 4; thread++) {
			threads.submit(() -> {
				start.await();
				for (int call = 0; call < 20_000; call++) {
					limiter.acquire(Duration.ofHours(1)).join().release();
				}
				return null;
			});
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
		assertThat(limiter.inFlight()).isZero();
		assertThat(timers).isNotEmpty();
		assertThat(timers.stream().filter((timer) -> !timer.isCancelled()).count())
			.as("timers left pending after their waiter got a slot (of %d)", timers.size())
			.isZero();
	}

	/**
	 * The releasing thread takes a waiter off the queue while the waiter's own thread is
	 * still scheduling its timer: the hand-over cannot cancel a timer that is not set
	 * yet, so the waiter must cancel it itself once done (before: about 1 round in 100
	 * left a timer pending for the whole timeout, holding the waiter). Found by review.
	 */
	@Test
	void aWaiterHandedItsSlotWhileItsTimerIsBeingSetHasTheTimerCancelled() throws Exception {
		AtomicReference<ConcurrencyLimiter> current = new AtomicReference<>();
		AtomicReference<FutureTask<Void>> lastTimer = new AtomicReference<>();
		TimeSource handsOverWhileScheduling = new TimeSource() {
			@Override
			public long nanoTime() {
				return 0;
			}

			@Override
			public void sleepNanos(long nanos) {
			}

			@Override
			public Future<?> schedule(long delayNanos, Runnable task) {
				FutureTask<Void> timer = new FutureTask<>(task, null);
				lastTimer.set(timer);
				// returns once the releasing thread has taken the waiter off the queue
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
				while (current.get().waiting() != 0 && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				return timer;
			}
		};
		ExecutorService threads = Executors.newFixedThreadPool(2);
		int rounds = 2_000;
		int leaked = 0;
		try {
			for (int round = 0; round < rounds; round++) {
				ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, handsOverWhileScheduling);
				current.set(limiter);
				ConcurrencyLimiter.Slot held = limiter.tryAcquire();
				Future<CompletableFuture<ConcurrencyLimiter.Slot>> waiter = threads
					.submit(() -> limiter.acquire(Duration.ofHours(1)));
				Future<?> releaser = threads.submit(() -> {
					long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
					while (limiter.waiting() == 0 && System.nanoTime() < deadline) {
						Thread.onSpinWait();
					}
					held.release();
				});
				releaser.get(5, TimeUnit.SECONDS);
				waiter.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS).release();
				if (!lastTimer.get().isCancelled()) {
					leaked++;
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(leaked).as("rounds of %d whose waiter got its slot but kept a pending timer", rounds).isZero();
	}

	/**
	 * The cap moves up and down under load; waits never time out; waits are cancelled.
	 * Nobody is stuck, the cap (the highest it was) holds, and every slot comes back.
	 */
	@Test
	void capChangesUnderLoadLoseNoWakeupAndLeakNoSlot() throws Exception {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 1000, new ManualTimeSource());
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		AtomicBoolean done = new AtomicBoolean();
		Thread changer = new Thread(() -> {
			int i = 0;
			while (!done.get()) {
				limiter.setMaxConcurrent(1 + (i++ % 3));
				Thread.yield();
			}
			limiter.setMaxConcurrent(3);
		});
		changer.start();
		ExecutorService threads = Executors.newFixedThreadPool(6);
		for (int thread = 0; thread < 6; thread++) {
			threads.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				for (int call = 0; call < 3000; call++) {
					CompletableFuture<ConcurrencyLimiter.Slot> pending = limiter.acquire(Duration.ofHours(1));
					if (random.nextInt(4) == 0 && pending.cancel(false)) {
						continue;
					}
					ConcurrencyLimiter.Slot slot = pending.join();
					mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
					inside.decrementAndGet();
					slot.release();
					if (random.nextBoolean()) {
						slot.release();
					}
				}
				return null;
			});
		}
		threads.shutdown();
		boolean finished = threads.awaitTermination(60, TimeUnit.SECONDS);
		done.set(true);
		changer.join();
		assertThat(finished).as("no waiter stuck").isTrue();
		assertThat(mostInside.get()).isLessThanOrEqualTo(3);
		assertThat(limiter.inFlight()).isZero();
		assertThat(limiter.waiting()).isZero();
	}

}
