package dev.limiter.core.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ConcurrencyLimiter}: the cap, fair bounded waits on an exact clock, and no slot
 * leaked or released twice, under many threads.
 *
 * @author The limiter authors
 */
class ConcurrencyLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void capHoldsAndAReleasedSlotIsTakenAgain() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 0, this.time);
		ConcurrencyLimiter.Slot first = limiter.tryAcquire();
		ConcurrencyLimiter.Slot second = limiter.tryAcquire();
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(limiter.tryAcquire()).isNull();
		assertThat(limiter.inFlight()).isEqualTo(2);
		first.release();
		assertThat(limiter.tryAcquire()).isNotNull();
	}

	@Test
	void slotIsReleasedOnceHoweverOftenItIsReleased() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 0, this.time);
		ConcurrencyLimiter.Slot slot = limiter.tryAcquire();
		slot.release();
		ConcurrencyLimiter.Slot other = limiter.tryAcquire();
		slot.release();
		slot.close();
		assertThat(limiter.inFlight()).isOne();
		assertThat(limiter.tryAcquire()).as("the second release gave nothing back").isNull();
		other.release();
		assertThat(limiter.inFlight()).isZero();
	}

	@Test
	void waitEndsExactlyAtItsTimeout() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, this.time);
		limiter.tryAcquire();
		CompletableFuture<ConcurrencyLimiter.Slot> waiting = limiter.acquire(Duration.ofMillis(100));
		this.time.advance(Duration.ofMillis(99));
		assertThat(waiting).isNotDone();
		assertThat(limiter.waiting()).isOne();
		this.time.advance(Duration.ofMillis(1));
		assertThat(waiting).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOfSatisfying(SlotUnavailableException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(SlotUnavailableException.Reason.TIMED_OUT));
		assertThat(limiter.waiting()).isZero();
	}

	@Test
	void releasedSlotGoesToTheLongestWaiterNotToANewcomer() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 2, this.time);
		ConcurrencyLimiter.Slot held = limiter.tryAcquire();
		CompletableFuture<ConcurrencyLimiter.Slot> first = limiter.acquire(Duration.ofSeconds(1));
		CompletableFuture<ConcurrencyLimiter.Slot> second = limiter.acquire(Duration.ofSeconds(1));
		held.release();
		assertThat(first).isCompleted();
		assertThat(second).isNotDone();
		assertThat(limiter.tryAcquire()).as("a newcomer does not overtake the waiter").isNull();
		first.join().release();
		assertThat(second).isCompleted();
		// the first waiter's timer was cancelled: time passing does not touch its slot
		this.time.advance(Duration.ofSeconds(2));
		assertThat(limiter.inFlight()).isOne();
	}

	@Test
	void callThatMayNotWaitAndCallsBeyondMaxWaitingAreRejectedAtOnce() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, this.time);
		limiter.tryAcquire();
		assertThat(reason(limiter.acquire(Duration.ZERO))).isEqualTo(SlotUnavailableException.Reason.FULL);
		limiter.acquire(Duration.ofSeconds(1));
		assertThat(reason(limiter.acquire(Duration.ofSeconds(1))))
			.isEqualTo(SlotUnavailableException.Reason.TOO_MANY_WAITING);
	}

	@Test
	void cancelledWaitLeavesTheQueueAndASlotHandedOverMeanwhileIsReturned() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 2, this.time);
		ConcurrencyLimiter.Slot held = limiter.tryAcquire();
		CompletableFuture<ConcurrencyLimiter.Slot> cancelled = limiter.acquire(Duration.ofSeconds(1));
		CompletableFuture<ConcurrencyLimiter.Slot> next = limiter.acquire(Duration.ofSeconds(1));
		cancelled.cancel(false);
		assertThat(limiter.waiting()).isOne();
		held.release();
		assertThat(next).isCompleted();
		next.join().release();
		assertThat(limiter.inFlight()).isZero();
	}

	@Test
	void interruptedWaiterLeavesAtOnceWithItsFlagSetAndHoldsNoSlot() throws Exception {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 1, TimeSource.system());
		ConcurrencyLimiter.Slot held = limiter.tryAcquire();
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			waiting.countDown();
			try {
				limiter.acquireBlocking(Duration.ofHours(1));
				flagAfter.complete(false);
			}
			catch (InterruptedException ex) {
				flagAfter.complete(Thread.currentThread().isInterrupted());
			}
		});
		waiter.start();
		waiting.await();
		while (limiter.waiting() == 0) {
			Thread.onSpinWait();
		}
		waiter.interrupt();
		assertThat(flagAfter.get(10, TimeUnit.SECONDS)).as("interrupt flag kept").isTrue();
		assertThat(limiter.waiting()).isZero();
		held.release();
		assertThat(limiter.inFlight()).isZero();
	}

	@Test
	void raisingTheCapLetsWaitersInAndLoweringItWaitsForCallsToFinish() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, 5, this.time);
		ConcurrencyLimiter.Slot held = limiter.tryAcquire();
		CompletableFuture<ConcurrencyLimiter.Slot> first = limiter.acquire(Duration.ofSeconds(1));
		CompletableFuture<ConcurrencyLimiter.Slot> second = limiter.acquire(Duration.ofSeconds(1));
		limiter.setMaxConcurrent(3);
		assertThat(first).isCompleted();
		assertThat(second).isCompleted();
		limiter.setMaxConcurrent(1);
		held.release();
		first.join().release();
		assertThat(limiter.tryAcquire()).as("two in flight of a cap of one").isNull();
		second.join().release();
		assertThat(limiter.tryAcquire()).isNotNull();
	}

	@Test
	void boundsOutOfRangeAreRejectedNamingTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ConcurrencyLimiter(0, 0, this.time))
			.withMessage("maxConcurrent (0) must be 1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> new ConcurrencyLimiter(1, -1, this.time))
			.withMessage("maxWaiting (-1) must be 0 or more");
	}

	/**
	 * Many threads, random waits, exceptions, cancellations and interrupts: the cap is
	 * never exceeded, and at the end every slot is back.
	 */
	@Test
	void capIsNeverExceededAndNoSlotLeaksUnderManyThreads() throws Exception {
		int cap = 3;
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(cap, 8, TimeSource.system());
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(12);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			calls.add(threads.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				ConcurrencyLimiter.Slot slot;
				try {
					if (random.nextInt(4) == 0) {
						CompletableFuture<ConcurrencyLimiter.Slot> pending = limiter
							.acquire(Duration.ofMillis(random.nextInt(3)));
						if (random.nextBoolean() && pending.cancel(false)) {
							return;
						}
						slot = pending.join();
					}
					else {
						slot = limiter.acquireBlocking(Duration.ofMillis(random.nextInt(3)));
					}
				}
				catch (SlotUnavailableException | InterruptedException | java.util.concurrent.CompletionException ex) {
					return;
				}
				try {
					mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
					if (random.nextInt(5) == 0) {
						throw new IllegalStateException("the call failed");
					}
					Thread.yield();
				}
				catch (IllegalStateException ex) {
					// a failing call releases its slot too
				}
				finally {
					inside.decrementAndGet();
					slot.release();
				}
			}));
		}
		for (int i = 0; i < calls.size(); i += 7) {
			calls.get(i).cancel(true);
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		assertThat(mostInside.get()).as("most calls in flight at once").isLessThanOrEqualTo(cap);
		assertThat(limiter.inFlight()).as("slots still taken").isZero();
		assertThat(limiter.waiting()).isZero();
	}

	/**
	 * Waits that never time out (the clock does not move): a slot given back just as a
	 * call starts waiting must still reach it, or a thread would wait for ever.
	 */
	@Test
	void noWaiterIsLeftWaitingWhileASlotIsFree() throws Exception {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, 100, this.time);
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		for (int thread = 0; thread < 8; thread++) {
			threads.submit(() -> {
				for (int call = 0; call < 500; call++) {
					ConcurrencyLimiter.Slot slot = (call % 2 == 0) ? limiter.acquireBlocking(Duration.ofHours(1))
							: limiter.acquire(Duration.ofHours(1)).join();
					mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
					inside.decrementAndGet();
					slot.release();
				}
				return null;
			});
		}
		threads.shutdown();
		assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("every call got its slot").isTrue();
		assertThat(mostInside.get()).isLessThanOrEqualTo(2);
		assertThat(limiter.inFlight()).isZero();
	}

	private static SlotUnavailableException.Reason reason(CompletableFuture<ConcurrencyLimiter.Slot> stage) {
		return ((SlotUnavailableException) stage.handle((slot, failure) -> failure).join()).reason();
	}

}
