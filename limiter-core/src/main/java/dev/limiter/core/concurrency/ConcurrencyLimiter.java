package dev.limiter.core.concurrency;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.ReentrantLock;

import dev.limiter.core.Durations;
import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * At most {@code maxConcurrent} calls in flight, and a bounded, fair wait for the next:
 * what a server's cap on concurrent requests does (gunicorn's workers, nginx's
 * {@code limit_conn}), so that slow calls cannot take every thread.
 *
 * <p>
 * A call takes a {@link Slot} and releases it when it is done; a slot is released once
 * however often {@link Slot#release()} is called. When every slot is taken a call may
 * wait up to its timeout, first come first served, while at most {@code maxWaiting} calls
 * wait; otherwise, or when the timeout passes, it gets a {@link SlotUnavailableException}
 * saying which. A released slot goes straight to the longest waiter, so a call arriving
 * meanwhile cannot overtake it.
 *
 * <p>
 * {@link #acquire(Duration)} never blocks: it answers a stage that completes with the
 * slot, for a caller that must not hold a thread while it waits (an asynchronous method);
 * cancelling the stage gives up the wait, or the slot if it was handed over meanwhile.
 * {@link #acquireBlocking(Duration)} waits on the calling thread and leaves at once, with
 * its interrupt flag set, when interrupted. Timeouts run on the {@link TimeSource}, so a
 * {@code ManualTimeSource} makes them exact.
 *
 * <p>
 * Thread-safe: the count is atomic, so an uncontended call takes no lock; one lock guards
 * the queue, and stages complete outside it. A call arriving just as a slot is given back
 * while another starts waiting may take that slot before the waiter does; otherwise no
 * call overtakes a waiter.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class ConcurrencyLimiter {

	private static final AtomicIntegerFieldUpdater<Slot> RELEASED = AtomicIntegerFieldUpdater.newUpdater(Slot.class,
			"released");

	/**
	 * The count of a retired limiter: above every bound, so the lock-free path refuses it
	 * without a check of its own.
	 */
	private static final int RETIRED = Integer.MAX_VALUE;

	private static final Runnable NOTHING = () -> {
	};

	/**
	 * Guards the queue; the count is atomic, so that an uncontended call takes no lock.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	/** The queue's length, written under the lock, read without it. */
	private volatile int waiting;

	private volatile int maxConcurrent;

	private final int maxWaiting;

	private final TimeSource timeSource;

	private final Runnable whenIdle;

	/**
	 * Creates a limiter.
	 * @param maxConcurrent the most calls in flight at once; 1 or more
	 * @param maxWaiting the most calls waiting at once; 0 or more
	 * @param timeSource what waits time out on
	 * @throws IllegalArgumentException if a bound is out of range
	 */
	public ConcurrencyLimiter(int maxConcurrent, int maxWaiting, TimeSource timeSource) {
		this(maxConcurrent, maxWaiting, timeSource, NOTHING);
	}

	/**
	 * Creates a limiter that tells when it falls idle, for a registry of limiters (one
	 * per client key) that drops a limiter only once no call holds or waits for its
	 * slots: see {@link #retireIfIdle()}.
	 * @param maxConcurrent the most calls in flight at once; 1 or more
	 * @param maxWaiting the most calls waiting at once; 0 or more
	 * @param timeSource what waits time out on
	 * @param whenIdle run each time the last call leaves (gives its slot back, or stops
	 * waiting) while nobody holds or waits for a slot, on that call's thread; it may run
	 * when a call has just come in again, so it checks with {@link #retireIfIdle()}; it
	 * must be quick and must not throw
	 * @throws IllegalArgumentException if a bound is out of range
	 */
	public ConcurrencyLimiter(int maxConcurrent, int maxWaiting, TimeSource timeSource, Runnable whenIdle) {
		checkMaxConcurrent(maxConcurrent);
		if (maxWaiting < 0) {
			throw new IllegalArgumentException("maxWaiting (" + maxWaiting + ") must be 0 or more");
		}
		this.maxConcurrent = maxConcurrent;
		this.maxWaiting = maxWaiting;
		this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
		this.whenIdle = Objects.requireNonNull(whenIdle, "whenIdle must not be null");
	}

	/**
	 * Takes a slot if one is free and nobody waits for one.
	 * @return the slot, or {@code null}
	 */
	public @Nullable Slot tryAcquire() {
		return (this.waiting == 0 && tryTake()) ? new Slot() : null;
	}

	/**
	 * Takes a slot, waiting up to {@code timeout} for one, without blocking.
	 * @param timeout how long the call may wait; zero or less: not at all
	 * @return a stage that completes with the slot, or with a
	 * {@link SlotUnavailableException}
	 * @throws IllegalStateException if the limiter is {@linkplain #retireIfIdle()
	 * retired}
	 */
	public CompletableFuture<Slot> acquire(Duration timeout) {
		CompletableFuture<Slot> slot = acquireUnlessRetired(timeout);
		if (slot == null) {
			throw retired();
		}
		return slot;
	}

	/**
	 * Takes a slot as {@link #acquire(Duration)} does, unless the limiter is
	 * {@linkplain #retireIfIdle() retired}: then a registry looks its key up again.
	 * @param timeout how long the call may wait; zero or less: not at all
	 * @return a stage that completes with the slot or with a
	 * {@link SlotUnavailableException}, or {@code null} if the limiter is retired
	 */
	public @Nullable CompletableFuture<Slot> acquireUnlessRetired(Duration timeout) {
		long timeoutNanos = Durations.toNanosSaturated(Objects.requireNonNull(timeout, "timeout must not be null"));
		if (this.waiting == 0 && tryTake()) {
			return CompletableFuture.completedFuture(new Slot());
		}
		Waiter waiter;
		this.lock.lock();
		try {
			if (this.waiters.isEmpty() && tryTake()) {
				return CompletableFuture.completedFuture(new Slot());
			}
			if (this.inFlight.get() == RETIRED) {
				return null;
			}
			if (timeoutNanos <= 0) {
				return CompletableFuture.failedFuture(unavailable(SlotUnavailableException.Reason.FULL, timeout));
			}
			if (this.waiters.size() >= this.maxWaiting) {
				return CompletableFuture
					.failedFuture(unavailable(SlotUnavailableException.Reason.TOO_MANY_WAITING, timeout));
			}
			waiter = new Waiter(timeout);
			this.waiters.addLast(waiter);
			this.waiting = this.waiters.size();
		}
		finally {
			this.lock.unlock();
		}
		Future<?> timer = this.timeSource.schedule(timeoutNanos, () -> timeOut(waiter));
		// a slot released between the check and the queueing saw no waiter: take it now
		admitWaiters();
		// however the wait ends, its timer goes, also when the slot was handed over
		// before the timer was set (this runs at once if the waiter is done already);
		// a waiter that gave up (cancelled) leaves the queue
		waiter.whenComplete((slot, failure) -> {
			timer.cancel(false);
			if (failure instanceof CancellationException) {
				remove(waiter);
			}
		});
		return waiter;
	}

	/**
	 * Takes a slot, waiting on this thread up to {@code timeout} for one.
	 * @param timeout how long the call may wait; zero or less: not at all
	 * @return the slot
	 * @throws SlotUnavailableException if there is none within the timeout
	 * @throws InterruptedException if the thread is interrupted before or while it waits,
	 * in which case it holds no slot
	 */
	public Slot acquireBlocking(Duration timeout) throws InterruptedException {
		Slot slot = acquireBlockingUnlessRetired(timeout);
		if (slot == null) {
			throw retired();
		}
		return slot;
	}

	/**
	 * Takes a slot as {@link #acquireBlocking(Duration)} does, unless the limiter is
	 * {@linkplain #retireIfIdle() retired}.
	 * @param timeout how long the call may wait; zero or less: not at all
	 * @return the slot, or {@code null} if the limiter is retired
	 * @throws SlotUnavailableException if there is none within the timeout
	 * @throws InterruptedException if the thread is interrupted before or while it waits,
	 * in which case it holds no slot
	 */
	public @Nullable Slot acquireBlockingUnlessRetired(Duration timeout) throws InterruptedException {
		if (Thread.currentThread().isInterrupted()) {
			// leaves with the flag still set, as when interrupted while waiting
			throw new InterruptedException();
		}
		CompletableFuture<Slot> slot = acquireUnlessRetired(timeout);
		if (slot == null) {
			return null;
		}
		try {
			return slot.get();
		}
		catch (InterruptedException ex) {
			if (!slot.cancel(false)) {
				// handed over between the interrupt and the cancel: give it back
				slot.thenAccept(Slot::release);
			}
			Thread.currentThread().interrupt();
			throw ex;
		}
		catch (ExecutionException ex) {
			throw (SlotUnavailableException) ex.getCause();
		}
	}

	/**
	 * Changes the most calls in flight: more lets waiters in at once; fewer lets calls in
	 * flight finish, and new ones in only once they are under the new bound.
	 * @param maxConcurrent the new bound; 1 or more
	 */
	public void setMaxConcurrent(int maxConcurrent) {
		checkMaxConcurrent(maxConcurrent);
		this.maxConcurrent = maxConcurrent;
		admitWaiters();
	}

	/**
	 * Returns the most calls in flight at once.
	 * @return the bound
	 */
	public int maxConcurrent() {
		return this.maxConcurrent;
	}

	/**
	 * Returns the most calls waiting at once.
	 * @return the bound
	 */
	public int maxWaiting() {
		return this.maxWaiting;
	}

	/**
	 * Returns how many calls hold a slot now.
	 * @return the count
	 */
	public int inFlight() {
		int inFlight = this.inFlight.get();
		return (inFlight == RETIRED) ? 0 : inFlight;
	}

	/**
	 * Retires the limiter if no call holds or waits for a slot: from then on it hands out
	 * none, and {@link #acquireUnlessRetired} answers {@code null}. This is what lets a
	 * registry of limiters by client key drop one safely: a caller that looked the key up
	 * just before learns that it must look it up again, instead of taking a slot that
	 * nobody counts any more.
	 * @return whether the limiter is retired now (also when it already was)
	 */
	public boolean retireIfIdle() {
		this.lock.lock();
		try {
			return this.inFlight.get() == RETIRED
					|| (this.waiters.isEmpty() && this.inFlight.compareAndSet(0, RETIRED));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns whether the limiter is retired.
	 * @return whether it hands out no more slots
	 */
	public boolean isRetired() {
		return this.inFlight.get() == RETIRED;
	}

	/**
	 * Returns how many calls wait for a slot now.
	 * @return the count
	 */
	public int waiting() {
		return this.waiting;
	}

	/** Counts a call in if the bound allows. */
	private boolean tryTake() {
		while (true) {
			int current = this.inFlight.get();
			if (current >= this.maxConcurrent) {
				return false;
			}
			if (this.inFlight.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/** Gives free slots to waiters, longest waiting first. */
	private void admitWaiters() {
		while (true) {
			Waiter next;
			this.lock.lock();
			try {
				if (this.waiters.isEmpty() || !tryTake()) {
					return;
				}
				next = this.waiters.pollFirst();
				this.waiting = this.waiters.size();
			}
			finally {
				this.lock.unlock();
			}
			handOver(next);
		}
	}

	/** A slot taken for a waiter; if the waiter gave up meanwhile, it is released. */
	private void handOver(Waiter waiter) {
		Slot slot = new Slot();
		if (!waiter.complete(slot)) {
			slot.release();
		}
	}

	/**
	 * Gives a slot back: straight to the longest waiter if there is one and the bound
	 * still allows the slot, else to the count, and then to a waiter that queued while it
	 * was given back.
	 */
	private void release() {
		if (this.waiting > 0) {
			Waiter next = null;
			int left = -1;
			this.lock.lock();
			try {
				if (!this.waiters.isEmpty() && this.inFlight.get() <= this.maxConcurrent) {
					next = this.waiters.pollFirst();
					this.waiting = this.waiters.size();
				}
				else {
					left = this.inFlight.decrementAndGet();
				}
			}
			finally {
				this.lock.unlock();
			}
			if (next != null) {
				// the slot passes to the waiter: the count stays
				handOver(next);
			}
			else if (left == 0) {
				this.whenIdle.run();
			}
			return;
		}
		int left = this.inFlight.decrementAndGet();
		if (this.waiting > 0) {
			// a call queued as the slot came back; it may also have left meanwhile
			admitWaiters();
		}
		if (left == 0 && isIdle()) {
			this.whenIdle.run();
		}
	}

	private boolean isIdle() {
		return this.inFlight.get() == 0 && this.waiting == 0;
	}

	private void timeOut(Waiter waiter) {
		if (remove(waiter)) {
			waiter.completeExceptionally(unavailable(SlotUnavailableException.Reason.TIMED_OUT, waiter.timeout));
		}
	}

	/**
	 * Takes a waiter that timed out or gave up off the queue; if it was the last call,
	 * the limiter is idle.
	 */
	private boolean remove(Waiter waiter) {
		boolean removed;
		this.lock.lock();
		try {
			removed = this.waiters.remove(waiter);
			this.waiting = this.waiters.size();
		}
		finally {
			this.lock.unlock();
		}
		if (removed && isIdle()) {
			this.whenIdle.run();
		}
		return removed;
	}

	private SlotUnavailableException unavailable(SlotUnavailableException.Reason reason, Duration timeout) {
		return new SlotUnavailableException(reason, this.maxConcurrent, timeout);
	}

	private static IllegalStateException retired() {
		return new IllegalStateException("This limiter was retired; look its key up again");
	}

	private static void checkMaxConcurrent(int maxConcurrent) {
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("maxConcurrent (" + maxConcurrent + ") must be 1 or more");
		}
	}

	/**
	 * One call's hold on a slot, released when the call is done.
	 */
	public final class Slot implements AutoCloseable {

		private volatile int released;

		private Slot() {
		}

		/**
		 * Gives the slot back, to the longest waiter if any; only the first call counts.
		 */
		public void release() {
			if (this.released == 0 && RELEASED.compareAndSet(this, 0, 1)) {
				ConcurrencyLimiter.this.release();
			}
		}

		/** Releases the slot. */
		@Override
		public void close() {
			release();
		}

	}

	/** A call waiting for a slot: completed with it, or with why it got none. */
	private static final class Waiter extends CompletableFuture<Slot> {

		private final Duration timeout;

		Waiter(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
