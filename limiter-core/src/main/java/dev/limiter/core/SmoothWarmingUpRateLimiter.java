package dev.limiter.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Guava's {@code SmoothWarmingUp}, with any cold factor of 1 or more and a warm-up that
 * must be positive.
 *
 * <h2>The warm-up curve</h2>
 *
 * <p>
 * Stored permits are priced by the interval between permits at each level of the store;
 * the cost of taking permits is the area under this curve over the levels they are taken
 * from: <pre>
 *          ^ interval between permits
 *          |
 *   cold   +                  /
 * interval |                 /.
 *          |                / .
 *          |               /  .   ← the trapezoid's area is the warm-up period
 *          |              /   .
 *          |             /    .
 *          |            /     .
 *          |           /      .
 *   stable +----------/  WARM .
 * interval |          .   UP  .
 *          |          . PERIOD.
 *          |          .       .
 *        0 +----------+-------+--------------→ stored permits
 *          0      threshold  max
 * </pre>
 * <ul>
 * <li>Below the threshold a permit costs the stable interval, as a fresh one does: stored
 * permits there are not faster, merely remembered.</li>
 * <li>Above it the interval rises linearly to {@code coldFactor × stable interval} at the
 * maximum.</li>
 * <li>The threshold is half the warm-up period's worth of permits at the stable rate:
 * {@code threshold = 0.5 × warmup / stableInterval} (so the rectangle under it takes half
 * the warm-up period).</li>
 * <li>The trapezoid above it takes the whole warm-up period:
 * {@code warmup = 0.5 × (stableInterval
 * + coldInterval) × (max − threshold)}, hence
 * {@code max = threshold + 2 × warmup / (stableInterval +
 * coldInterval)}.</li>
 * <li>An idle limiter stores one permit every {@code warmup / max}, so it goes from empty
 * to fully cold in one warm-up period.</li>
 * </ul>
 *
 * <p>
 * Worked example: 2 permits per second (stable interval 0.5 s), warm-up 4 s, cold factor
 * 3 (cold interval 1.5 s). The threshold is {@code 0.5 × 4 / 0.5 = 4} permits, the
 * maximum {@code 4 +
 * 2 × 4 / (0.5 + 1.5) = 8}, the slope {@code (1.5 − 0.5) / (8 − 4) = 0.25 s} per permit.
 * A cold limiter (8 stored) takes its first permit at once (paying forward) and is
 * charged the trapezoid slice from 8 to 7: {@code (1.5 + 1.25) / 2 = 1.375 s}; then
 * 1.125, 0.875 and 0.625 s down to the threshold (together the 4 s warm-up), then 0.5 s
 * per permit. Eight back-to-back acquires from cold therefore wait 0, 1.375, 1.125,
 * 0.875, 0.625, 0.5, 0.5, 0.5 s.
 *
 * <h2>Concurrency</h2>
 *
 * <p>
 * The state is two values that change together (the next free moment and the stored
 * permits), so it cannot live in one atomic word as the bursty limiter's does. It is
 * guarded by a version word used as a sequence lock: a request reads the version and the
 * next free moment; a denied request checks that the version has not moved and leaves
 * without writing; a granted one moves the version from even to odd with one
 * compare-and-set, updates the state, and releases with a plain release store. That is
 * one atomic instruction per grant, against two for a
 * {@link java.util.concurrent.locks.StampedLock} (measured: 49 ns per grant with it, 34
 * ns with this). Neither path allocates or uses {@code synchronized}, which would pin
 * virtual threads on JDK 21–23; a writer that loses a race spins briefly, then yields
 * ({@link Backoff}). {@link #snapshot()} reads optimistically like a denial, so an
 * observer reading the state on every request never stalls the grants.
 *
 * <p>
 * What the rate determines (the intervals, threshold, maximum and slope) is one immutable
 * {@link Curve}, replaced as a whole by a rate change, so a reader sees one rate's curve
 * or the other's, never a mixture.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class SmoothWarmingUpRateLimiter extends SmoothRateLimiter {

	private static final VarHandle VERSION;

	static {
		try {
			VERSION = MethodHandles.lookup().findVarHandle(SmoothWarmingUpRateLimiter.class, "version", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * Even while nobody writes the state, odd while somebody does; it only grows. A
	 * reader that sees the same even value before and after reading the state has read a
	 * consistent state.
	 */
	private volatile long version;

	private final double warmupNanos;

	/**
	 * The curve of the current rate; replaced under the version lock, volatile so that
	 * {@link #config()} needs no lock.
	 */
	private volatile Curve curve;

	// Written only by the holder of an odd version; read optimistically.

	private long nextFreeNanos;

	private double storedPermits;

	SmoothWarmingUpRateLimiter(RateLimiterConfig.WarmingUp config, TimeSource timeSource, long startNanos) {
		super(timeSource);
		this.warmupNanos = Durations.toNanosSaturated(config.warmup());
		this.curve = Curve.of(config, this.warmupNanos);
		this.nextFreeNanos = startNanos;
		this.storedPermits = this.curve.maxPermits();
	}

	@Override
	long reserve(int permits, long timeoutNanos) {
		for (int collisions = 0;; collisions++) {
			long version = this.version;
			long now = this.timeSource.nanoTime();
			long waitNanos = Saturated.subtract(this.nextFreeNanos, now);
			if ((version & 1) == 0) {
				if (waitNanos > timeoutNanos) {
					// read nextFreeNanos before reading the version again
					VarHandle.acquireFence();
					if (this.version == version) {
						return NOT_RESERVED;
					}
				}
				else if (VERSION.compareAndSet(this, version, version + 1)) {
					try {
						takePermits(permits, now);
						return Math.max(0, waitNanos);
					}
					finally {
						unlock(version);
					}
				}
			}
			Backoff.spin(collisions);
		}
	}

	@Override
	boolean reserveAt(int permits, long momentNanos) {
		long version = lockForWriting();
		try {
			if (this.nextFreeNanos > momentNanos) {
				return false;
			}
			takePermits(permits, momentNanos);
			return true;
		}
		finally {
			unlock(version);
		}
	}

	@Override
	long nextFreeNanos() {
		for (int collisions = 0;; collisions++) {
			long version = this.version;
			long nextFree = this.nextFreeNanos;
			VarHandle.acquireFence();
			if ((version & 1) == 0 && this.version == version) {
				return nextFree;
			}
			Backoff.spin(collisions);
		}
	}

	/**
	 * Rescales the stored permits to the new curve. A saturated next free moment (owed
	 * past the end of the clock) is reopened to one interval at the new rate from now.
	 */
	@Override
	public void setRate(double permitsPerSecond) {
		long version = lockForWriting();
		try {
			Curve changed = Curve.of(this.curve.config().withPermitsPerSecond(permitsPerSecond), this.warmupNanos);
			long now = this.timeSource.nanoTime();
			resync(now);
			this.storedPermits = this.storedPermits * changed.maxPermits() / this.curve.maxPermits();
			this.curve = changed;
			if (this.nextFreeNanos == Long.MAX_VALUE) {
				this.nextFreeNanos = Saturated.add(now, costNanos(changed.stableIntervalNanos()));
			}
		}
		finally {
			unlock(version);
		}
	}

	@Override
	public RateLimiterConfig.WarmingUp config() {
		return this.curve.config();
	}

	/**
	 * Reads the state as of now, optimistically: a consistent copy of the state is taken
	 * between two equal even readings of the version, and nothing is written, so grants
	 * never wait for a reader.
	 */
	@Override
	public RateLimiterSnapshot snapshot() {
		for (int collisions = 0;; collisions++) {
			long version = this.version;
			Curve curve = this.curve;
			long nextFree = this.nextFreeNanos;
			double storedAtNextFree = this.storedPermits;
			VarHandle.acquireFence();
			if ((version & 1) == 0 && this.version == version) {
				return snapshot(curve, nextFree, storedAtNextFree, this.timeSource.nanoTime());
			}
			Backoff.spin(collisions);
		}
	}

	private static RateLimiterSnapshot snapshot(Curve curve, long nextFree, double storedAtNextFree, long now) {
		double stored = curve.storedPermitsAfter(storedAtNextFree, Saturated.subtract(now, nextFree));
		double fromStored = min(1.0, stored);
		double nextPermitNanos = curve.storedPermitsCostNanos(stored, fromStored)
				+ (1.0 - fromStored) * curve.stableIntervalNanos();
		return new RateLimiterSnapshot(curve.config().permitsPerSecond(), stored, curve.thresholdPermits(),
				curve.maxPermits(), RateLimiterSnapshot.phaseOf(stored, curve.thresholdPermits(), curve.maxPermits()),
				durationOfNanos(nextPermitNanos), Duration.ofNanos(Math.max(0, Saturated.subtract(nextFree, now))));
	}

	private long lockForWriting() {
		for (int collisions = 0;; collisions++) {
			long version = this.version;
			if ((version & 1) == 0 && VERSION.compareAndSet(this, version, version + 1)) {
				return version;
			}
			Backoff.spin(collisions);
		}
	}

	private void unlock(long version) {
		VERSION.setRelease(this, version + 2);
	}

	/**
	 * Grants {@code permits} at {@code grantNanos}, at or after the next free moment; the
	 * caller holds an odd version and has checked the wait against its timeout.
	 */
	private void takePermits(int permits, long grantNanos) {
		resync(grantNanos);
		Curve curve = this.curve;
		double fromStored = min(permits, this.storedPermits);
		double fresh = permits - fromStored;
		double costNanos = curve.storedPermitsCostNanos(this.storedPermits, fromStored)
				+ fresh * curve.stableIntervalNanos();
		this.nextFreeNanos = Saturated.add(this.nextFreeNanos, costNanos(costNanos));
		this.storedPermits -= fromStored;
	}

	/**
	 * Turns idle time between the next free moment and {@code now} into stored permits.
	 */
	private void resync(long now) {
		if (now > this.nextFreeNanos) {
			this.storedPermits = this.curve.storedPermitsAfter(this.storedPermits,
					Saturated.subtract(now, this.nextFreeNanos));
			this.nextFreeNanos = now;
		}
	}

	/**
	 * {@link Math#min(double, double)} without its handling of NaN and negative zero,
	 * which cannot occur here and cost time on the acquire path.
	 */
	private static double min(double a, double b) {
		return (a <= b) ? a : b;
	}

	/**
	 * The warm-up curve of one rate: everything derived from the configuration, fixed
	 * until the rate changes.
	 *
	 * @param config the configuration
	 * @param stableIntervalNanos the interval between permits once warm
	 * @param thresholdPermits stored permits below which a permit costs the stable
	 * interval
	 * @param maxPermits the most permits stored: a fully cold limiter
	 * @param slope nanoseconds of interval added per stored permit above the threshold
	 * @param idlePermitsPerNano permits stored per nanosecond of idle time: the store
	 * fills in one warm-up period
	 */
	private record Curve(RateLimiterConfig.WarmingUp config, double stableIntervalNanos, double thresholdPermits,
			double maxPermits, double slope, double idlePermitsPerNano) {

		/** Derives the curve, as the class comment explains. */
		static Curve of(RateLimiterConfig.WarmingUp config, double warmupNanos) {
			double stableInterval = SmoothRateLimiter.stableIntervalNanos(config.permitsPerSecond());
			double coldInterval = stableInterval * config.coldFactor();
			double threshold = 0.5 * warmupNanos / stableInterval;
			double max = threshold + 2.0 * warmupNanos / (stableInterval + coldInterval);
			return new Curve(config, stableInterval, threshold, max,
					(coldInterval - stableInterval) / (max - threshold), max / warmupNanos);
		}

		/** The stored permits after {@code idleNanos} of idle time (none if negative). */
		double storedPermitsAfter(double stored, long idleNanos) {
			if (idleNanos <= 0) {
				return stored;
			}
			return min(this.maxPermits, stored + idleNanos * this.idlePermitsPerNano);
		}

		/**
		 * The area under the curve for taking {@code permitsToTake} from a store of
		 * {@code stored}: the stable interval for each permit at or below the threshold,
		 * and for the permits above it the trapezoid slice, whose area is its width times
		 * the interval at its middle.
		 */
		double storedPermitsCostNanos(double stored, double permitsToTake) {
			double aboveThreshold = stored - this.thresholdPermits;
			if (aboveThreshold <= 0.0) {
				return this.stableIntervalNanos * permitsToTake;
			}
			double takenAboveThreshold = min(aboveThreshold, permitsToTake);
			double intervalAtMiddle = this.stableIntervalNanos
					+ this.slope * (aboveThreshold - 0.5 * takenAboveThreshold);
			return takenAboveThreshold * intervalAtMiddle
					+ this.stableIntervalNanos * (permitsToTake - takenAboveThreshold);
		}

	}

}
