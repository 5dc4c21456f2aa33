package dev.limiter.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Hands out permits at a configured rate, smoothly: a smooth bursty limiter (Guava's
 * {@code SmoothBursty}) or a warming-up one (Guava's {@code SmoothWarmingUp}) that starts
 * cold and slow, with the same semantics as Guava's to within a few microseconds, and
 * with a configurable burst and cold factor.
 *
 * <p>
 * Limiters <em>pay forward</em>: a request is granted at the limiter's next free moment,
 * whatever it asks for, and its cost moves the next free moment on. One large request on
 * an idle limiter goes at once and the caller after it waits; a limiter therefore never
 * makes a caller wait for its own permits, only for the ones asked before. See
 * {@code SmoothRateLimiter} for the model with worked numbers.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(10, Duration.ofSeconds(3)));
 * if (limiter.tryAcquire()) {
 *     handle(request);
 * }
 * else {
 *     reject(request, limiter.queryWaitNanos(1));
 * }
 * }</pre>
 *
 * <p>
 * Every method is thread-safe and never admits more than the rate allows under
 * contention. The non-blocking methods allocate nothing; a rejection writes no shared
 * state.
 *
 * @author The limiter authors
 * @since 0.1.0
 * @see RateLimiterConfig
 * @see ManualTimeSource
 */
public interface RateLimiter {

	/**
	 * What {@link #tryReserveNanos} returns when it reserves nothing.
	 */
	long NOT_RESERVED = -1L;

	/**
	 * Creates a limiter on the system clock. A warming-up limiter starts cold; a bursty
	 * one starts with no stored permits.
	 * @param config what the limiter enforces
	 * @return the limiter
	 */
	static RateLimiter create(RateLimiterConfig config) {
		return create(config, TimeSource.system());
	}

	/**
	 * Creates a limiter on the given clock, for example a {@link ManualTimeSource} in
	 * tests.
	 * @param config what the limiter enforces
	 * @param timeSource the clock the limiter reads and waits on
	 * @return the limiter
	 */
	static RateLimiter create(RateLimiterConfig config, TimeSource timeSource) {
		return create(config, timeSource, timeSource.nanoTime());
	}

	/**
	 * Creates a limiter whose first permit is free only from a given moment. A keyed
	 * registry uses it to recreate a limiter it had to drop while that limiter still owed
	 * time, so that dropping it never makes limiting more permissive than keeping it
	 * would have.
	 * @param config what the limiter enforces
	 * @param timeSource the clock the limiter reads and waits on
	 * @param firstFreeNanos the {@code timeSource} reading from which the first permit is
	 * free; a reading in the past means now
	 * @return the limiter
	 */
	static RateLimiter create(RateLimiterConfig config, TimeSource timeSource, long firstFreeNanos) {
		Objects.requireNonNull(config, "config must not be null");
		Objects.requireNonNull(timeSource, "timeSource must not be null");
		long start = Math.max(firstFreeNanos, timeSource.nanoTime());
		if (config instanceof RateLimiterConfig.WarmingUp warmingUp) {
			return new SmoothWarmingUpRateLimiter(warmingUp, timeSource, start);
		}
		return new SmoothBurstyRateLimiter((RateLimiterConfig.Bursty) config, timeSource, start);
	}

	/**
	 * Takes one permit if it is free now.
	 * @return whether the permit was taken
	 */
	default boolean tryAcquire() {
		return tryAcquire(1);
	}

	/**
	 * Takes {@code permits} if the limiter is free now, without waiting.
	 * @param permits how many permits; 1 or more
	 * @return whether the permits were taken; if not, nothing changed
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	boolean tryAcquire(int permits);

	/**
	 * Takes {@code permits} if they are free within {@code timeout}, waiting on the time
	 * source until then. The wait is exact: a request whose wait equals the timeout is
	 * granted. A denied request returns at once and changes nothing. The wait is not
	 * interruptible (the permits are already paid for when it starts); an interrupt
	 * during it is kept as the thread's interrupt status.
	 * @param permits how many permits; 1 or more
	 * @param timeout how long the caller may wait; negative means zero
	 * @return whether the permits were taken
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	boolean tryAcquire(int permits, Duration timeout);

	/**
	 * Takes one permit, waiting as long as it takes.
	 * @return how long the caller waited
	 * @throws InterruptedException if the thread is interrupted before or while it waits
	 * @see #acquire(int)
	 */
	default Duration acquire() throws InterruptedException {
		return acquire(1);
	}

	/**
	 * Takes {@code permits}, waiting as long as it takes. An interrupted thread gives up
	 * at once, before it reserves anything. An interrupt while it waits ends the wait,
	 * but the permits stay spent: callers after it were already scheduled behind them.
	 * @param permits how many permits; 1 or more
	 * @return how long the caller waited
	 * @throws InterruptedException if the thread is interrupted before or while it waits
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	Duration acquire(int permits) throws InterruptedException;

	/**
	 * Reserves {@code permits} without waiting, however long the wait; for callers that
	 * must not block a thread and wait by scheduling instead.
	 * @param permits how many permits; 1 or more
	 * @return how long the caller must wait before using the permits, in nanoseconds (0
	 * or more)
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	long reserveNanos(int permits);

	/**
	 * Reserves {@code permits} without waiting if the wait is at most {@code timeout}.
	 * @param permits how many permits; 1 or more
	 * @param timeout the longest acceptable wait; negative means zero
	 * @return how long the caller must wait before using the permits, in nanoseconds (0
	 * or more), or {@link #NOT_RESERVED} if the wait would be longer than
	 * {@code timeout}, in which case nothing changed
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	long tryReserveNanos(int permits, Duration timeout);

	/**
	 * Reserves {@code permits} for use at a given moment if the limiter is free by then,
	 * and charges them from that moment: the limiter's next caller is spaced from
	 * {@code momentNanos}, not from now. A call that must pass several limiters uses it
	 * to have every one of them grant its permits at the same moment, the moment the call
	 * runs, so that each limiter's spacing holds when it matters.
	 * @param permits how many permits; 1 or more
	 * @param momentNanos a reading of the limiter's time source; a moment in the past
	 * means now
	 * @return whether the permits were reserved; if not (the limiter is not free by
	 * {@code momentNanos}), nothing changed
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	boolean tryReserveAt(int permits, long momentNanos);

	/**
	 * Tells how long a request for {@code permits} made now would wait, without reserving
	 * anything: the exact value for a {@code Retry-After}. Because limiters pay forward,
	 * this is the time until the next free moment, whatever {@code permits} is.
	 * @param permits how many permits; 1 or more
	 * @return the wait in nanoseconds; 0 if the permits are free now
	 * @throws IllegalArgumentException if {@code permits} is less than 1
	 */
	long queryWaitNanos(int permits);

	/**
	 * Returns the stable rate.
	 * @return the stable rate in permits per second
	 */
	default double getRate() {
		return config().permitsPerSecond();
	}

	/**
	 * Changes the stable rate from now on, atomically: a request is priced wholly at the
	 * old rate or wholly at the new one. Time already owed is kept at the old rate, as in
	 * Guava; stored permits keep the same share of the (rescaled) maximum, so a
	 * warming-up limiter stays as cold as it was. The one exception is a debt that
	 * saturated at the end of the clock (over 292 years owed, which only a rate near the
	 * minimum and a large request can cause): it is not kept, the limiter owes one
	 * interval at the new rate instead, so restoring a sane rate reopens the limiter.
	 * @param permitsPerSecond the new rate; from
	 * {@link RateLimiterConfig#MIN_PERMITS_PER_SECOND} to
	 * {@link RateLimiterConfig#MAX_PERMITS_PER_SECOND}
	 * @throws IllegalArgumentException if the rate is out of range, in which case nothing
	 * changed
	 */
	void setRate(double permitsPerSecond);

	/**
	 * Returns the configuration in force, including a rate changed by
	 * {@link #setRate(double)}.
	 * @return the configuration
	 */
	RateLimiterConfig config();

	/**
	 * Reads the limiter's state as of now, for observability; reading changes nothing.
	 * @return the state
	 */
	RateLimiterSnapshot snapshot();

}
