package dev.limiter.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The operations every limiter shares, built on one primitive:
 * {@link #reserve(int, long)}.
 *
 * <h2>The model, with numbers</h2>
 *
 * <p>
 * A limiter with a stable rate of 2 permits per second has a <em>stable interval</em> of
 * 0.5 s. It remembers one moment, the <em>next free moment</em>: a request made at or
 * after it is granted at once. A request is granted at the next free moment whatever it
 * asks for, and its cost (permits × interval) moves the next free moment on. This is
 * <em>paying forward</em>: on an idle limiter {@code acquire(4)} goes at once and moves
 * the next free moment 2 s ahead, so whoever comes next waits 2 s. The alternative,
 * making the large request itself wait, would leave an idle limiter idle for no reason,
 * and would make a request's wait depend on its own size, which a caller computing
 * {@code Retry-After} cannot know for the next caller. Paying forward keeps the wait a
 * property of the limiter: {@link #queryWaitNanos(int)} is simply the time until the next
 * free moment.
 *
 * <p>
 * A limiter that sat idle should not forget that time entirely: a server idle for a
 * second could take a second's worth of requests at once. Idle time becomes <em>stored
 * permits</em>, up to a maximum. A request uses stored permits first and fresh ones (at
 * the stable interval) for the rest. What a stored permit costs is what tells the two
 * algorithms apart:
 * <ul>
 * <li>{@link SmoothBurstyRateLimiter}: stored permits are free. With a maximum burst of 1
 * s at 2/s, a limiter idle for 3 s stores 2 permits, so three requests at once go through
 * at once and the fourth waits 0.5 s.</li>
 * <li>{@link SmoothWarmingUpRateLimiter}: stored permits are <em>expensive</em>. A full
 * store means a cold service (empty caches and pools, code not yet compiled), so permits
 * taken from a full store cost up to {@code coldFactor} times the stable interval,
 * falling linearly as the store empties. Its class comment derives the numbers.</li>
 * </ul>
 *
 * <p>
 * All times are {@code long} nanoseconds from the {@link TimeSource}, and costs are
 * rounded <em>up</em> to a whole nanosecond once per request ({@link #costNanos}), so
 * waits are exact where Guava's micro-second arithmetic truncates (Guava's waits run up
 * to a few microseconds short), and rounding never admits more than the rate: at 6.7e8
 * permits per second a permit costs 1.49 ns, which rounding to the nearest would make 1
 * ns (49 % more permits than the rate); rounded up it costs 2 ns. A request therefore
 * pays at most 1 ns more than its share, which matters only at rates near the maximum,
 * and not at all for requests of many permits. Additions saturate, and a cost that is not
 * a finite number saturates too: a huge request or a clock near the end of its range
 * leaves the limiter closed, never open.
 *
 * <h2>Concurrency</h2>
 *
 * <p>
 * Implementations decide under contention which request goes first; a request that is
 * denied only reads. {@code now} is read after the state it is compared with, so that it
 * is never older than the state: a request never waits because another thread's clock
 * reading was later than its own.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
abstract sealed class SmoothRateLimiter implements RateLimiter
		permits SmoothBurstyRateLimiter, SmoothWarmingUpRateLimiter {

	final TimeSource timeSource;

	SmoothRateLimiter(TimeSource timeSource) {
		this.timeSource = timeSource;
	}

	/**
	 * Reserves {@code permits} if the wait until the next free moment is at most
	 * {@code timeoutNanos}.
	 * @param permits how many permits, 1 or more
	 * @param timeoutNanos the longest acceptable wait, 0 or more; {@link Long#MAX_VALUE}
	 * for any
	 * @return the wait in nanoseconds (0 or more), or {@link #NOT_RESERVED} having
	 * changed nothing
	 */
	abstract long reserve(int permits, long timeoutNanos);

	/**
	 * Reserves {@code permits} granted at {@code momentNanos}, now or later, if the
	 * limiter is free by then; see {@link RateLimiter#tryReserveAt(int, long)}.
	 */
	abstract boolean reserveAt(int permits, long momentNanos);

	/**
	 * Returns the next free moment without changing anything; a moment in the past means
	 * free now.
	 */
	abstract long nextFreeNanos();

	@Override
	public final boolean tryAcquire(int permits) {
		checkPermits(permits);
		return reserve(permits, 0) != NOT_RESERVED;
	}

	@Override
	public final boolean tryAcquire(int permits, Duration timeout) {
		checkPermits(permits);
		long waitNanos = reserve(permits, timeoutNanos(timeout));
		if (waitNanos == NOT_RESERVED) {
			return false;
		}
		this.timeSource.sleepUninterruptibly(waitNanos);
		return true;
	}

	@Override
	public final Duration acquire(int permits) throws InterruptedException {
		checkPermits(permits);
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		long waitNanos = reserve(permits, Long.MAX_VALUE);
		this.timeSource.sleepNanos(waitNanos);
		return Duration.ofNanos(waitNanos);
	}

	@Override
	public final long reserveNanos(int permits) {
		checkPermits(permits);
		return reserve(permits, Long.MAX_VALUE);
	}

	@Override
	public final long tryReserveNanos(int permits, Duration timeout) {
		checkPermits(permits);
		return reserve(permits, timeoutNanos(timeout));
	}

	/**
	 * A moment in the past is taken as now: charged from a past moment, a reservation
	 * would turn idle time the store had thrown away (beyond the maximum burst, or beyond
	 * a full cold store) into permits again.
	 */
	@Override
	public final boolean tryReserveAt(int permits, long momentNanos) {
		checkPermits(permits);
		return reserveAt(permits, Math.max(momentNanos, this.timeSource.nanoTime()));
	}

	@Override
	public final long queryWaitNanos(int permits) {
		checkPermits(permits);
		long nextFree = nextFreeNanos();
		return Math.max(0, Saturated.subtract(nextFree, this.timeSource.nanoTime()));
	}

	static void checkPermits(int permits) {
		if (permits < 1) {
			throw new IllegalArgumentException("permits (" + permits + ") must be 1 or more");
		}
	}

	private static long timeoutNanos(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		return Math.max(0, Durations.toNanosSaturated(timeout));
	}

	/**
	 * The stable interval in nanoseconds, fractional: at 3 permits per second a permit
	 * costs 333,333,333.3 ns, and rounding only each request's total keeps many small
	 * requests from drifting.
	 */
	static double stableIntervalNanos(double permitsPerSecond) {
		return 1e9 / permitsPerSecond;
	}

	/**
	 * Turns a fractional cost into the whole nanoseconds charged: rounded up, against the
	 * caller, except that a cost within a few units in the last place of a whole number
	 * is that number (1.375 s computed as 1,375,000,000.0000002 ns is floating-point
	 * noise and costs 1,375,000,000 ns, not one more). A cost that is NaN or too large
	 * for a {@code long} saturates at {@link Long#MAX_VALUE}: a limiter fed a
	 * pathological value stays closed rather than treating the cost as zero, which is
	 * what a plain {@code (long)} cast of NaN would do.
	 */
	static long costNanos(double nanos) {
		// NaN fails this comparison too
		if (!(nanos < 0x1p63)) {
			return Long.MAX_VALUE;
		}
		long whole = (long) nanos;
		// 2^-50 of the cost is about four units in its last place
		return (nanos - whole <= nanos * 0x1p-50) ? whole : whole + 1;
	}

	static Duration durationOfNanos(double nanos) {
		return Duration.ofNanos(Math.round(nanos));
	}

}
