package dev.limiter.core;

import java.time.Duration;
import java.util.concurrent.locks.StampedLock;

/**
 * Guava's {@code SmoothWarmingUp}, with any cold factor of 1 or more and a warm-up that must be
 * positive.
 *
 * <h2>The warm-up curve</h2>
 *
 * <p>Stored permits are priced by the interval between permits at each level of the store; the
 * cost of taking permits is the area under this curve over the levels they are taken from:
 * <pre>
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
 * <li>Below the threshold a permit costs the stable interval, as a fresh one does: stored permits
 * there are not faster, merely remembered.</li>
 * <li>Above it the interval rises linearly to {@code coldFactor × stable interval} at the
 * maximum.</li>
 * <li>The threshold is half the warm-up period's worth of permits at the stable rate:
 * {@code threshold = 0.5 × warmup / stableInterval} (so the rectangle under it takes half the
 * warm-up period).</li>
 * <li>The trapezoid above it takes the whole warm-up period: {@code warmup = 0.5 × (stableInterval
 * + coldInterval) × (max − threshold)}, hence {@code max = threshold + 2 × warmup / (stableInterval +
 * coldInterval)}.</li>
 * <li>An idle limiter stores one permit every {@code warmup / max}, so it goes from empty to fully
 * cold in one warm-up period.</li>
 * </ul>
 *
 * <p>Worked example: 2 permits per second (stable interval 0.5 s), warm-up 4 s, cold factor 3
 * (cold interval 1.5 s). The threshold is {@code 0.5 × 4 / 0.5 = 4} permits, the maximum {@code 4 +
 * 2 × 4 / (0.5 + 1.5) = 8}, the slope {@code (1.5 − 0.5) / (8 − 4) = 0.25 s} per permit. A cold
 * limiter (8 stored) takes its first permit at once (paying forward) and is charged the trapezoid
 * slice from 8 to 7: {@code (1.5 + 1.25) / 2 = 1.375 s}; then 1.125, 0.875 and 0.625 s down to the
 * threshold (together the 4 s warm-up), then 0.5 s per permit. Eight back-to-back acquires from
 * cold therefore wait 0, 1.375, 1.125, 0.875, 0.625, 0.5, 0.5, 0.5 s.
 *
 * <h2>Concurrency</h2>
 *
 * <p>The state is two values that change together (the next free moment and the stored permits),
 * so it lives behind a {@link StampedLock} rather than in one atomic word. A request reads the next
 * free moment optimistically; a denied request validates its read and leaves without writing; a
 * granted one upgrades the optimistic stamp to the write lock with one compare-and-set. Neither
 * path allocates or uses {@code synchronized}, which would pin virtual threads on JDK 21–23.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class SmoothWarmingUpRateLimiter extends SmoothRateLimiter {

	private final StampedLock lock = new StampedLock();

	private final double warmupNanos;

	/** Written under the write lock; volatile so that {@link #config()} needs no lock. */
	private volatile RateLimiterConfig.WarmingUp config;

	// Guarded by lock; read optimistically.

	private double stableIntervalNanos;

	private double thresholdPermits;

	private double maxPermits;

	/** Nanoseconds of interval added per stored permit above the threshold. */
	private double slope;

	private long nextFreeNanos;

	private double storedPermits;

	SmoothWarmingUpRateLimiter(RateLimiterConfig.WarmingUp config, TimeSource timeSource, long startNanos) {
		super(timeSource);
		this.warmupNanos = Saturated.toNanos(config.warmup());
		this.nextFreeNanos = startNanos;
		applyRate(config);
		this.storedPermits = this.maxPermits;
	}

	@Override
	long reserve(int permits, long timeoutNanos) {
		for (;;) {
			long stamp = this.lock.tryOptimisticRead();
			long now = this.timeSource.nanoTime();
			long waitNanos = Saturated.subtract(this.nextFreeNanos, now);
			if (waitNanos > timeoutNanos) {
				if (this.lock.validate(stamp)) {
					return NOT_RESERVED;
				}
				continue;
			}
			long writeStamp = this.lock.tryConvertToWriteLock(stamp);
			if (writeStamp == 0) {
				// Another request won; try again with a fresh state and a fresh clock.
				Thread.onSpinWait();
				continue;
			}
			try {
				takePermits(permits, now);
				return Math.max(0, waitNanos);
			}
			finally {
				this.lock.unlockWrite(writeStamp);
			}
		}
	}

	@Override
	long nextFreeNanos() {
		long stamp = this.lock.tryOptimisticRead();
		long nextFree = this.nextFreeNanos;
		if (this.lock.validate(stamp)) {
			return nextFree;
		}
		stamp = this.lock.readLock();
		try {
			return this.nextFreeNanos;
		}
		finally {
			this.lock.unlockRead(stamp);
		}
	}

	@Override
	public void setRate(double permitsPerSecond) {
		RateLimiterConfig.WarmingUp changed;
		long stamp = this.lock.writeLock();
		try {
			changed = this.config.withPermitsPerSecond(permitsPerSecond);
			resync(this.timeSource.nanoTime());
			double oldMaxPermits = this.maxPermits;
			applyRate(changed);
			this.storedPermits = this.storedPermits * this.maxPermits / oldMaxPermits;
		}
		finally {
			this.lock.unlockWrite(stamp);
		}
	}

	@Override
	public RateLimiterConfig.WarmingUp config() {
		return this.config;
	}

	@Override
	public RateLimiterSnapshot snapshot() {
		long stamp = this.lock.readLock();
		try {
			long now = this.timeSource.nanoTime();
			double stored = storedPermitsAt(now);
			double fromStored = Math.min(1.0, stored);
			double nextPermitNanos = storedPermitsCostNanos(stored, fromStored)
					+ (1.0 - fromStored) * this.stableIntervalNanos;
			return new RateLimiterSnapshot(this.config.permitsPerSecond(), stored, this.thresholdPermits,
					this.maxPermits, RateLimiterSnapshot.phaseOf(stored, this.thresholdPermits, this.maxPermits),
					durationOfNanos(nextPermitNanos),
					Duration.ofNanos(Math.max(0, Saturated.subtract(this.nextFreeNanos, now))));
		}
		finally {
			this.lock.unlockRead(stamp);
		}
	}

	/** Derives the curve from the rate; the caller holds the write lock or is the constructor. */
	private void applyRate(RateLimiterConfig.WarmingUp config) {
		double stableInterval = stableIntervalNanos(config.permitsPerSecond());
		double coldInterval = stableInterval * config.coldFactor();
		this.config = config;
		this.stableIntervalNanos = stableInterval;
		this.thresholdPermits = 0.5 * this.warmupNanos / stableInterval;
		this.maxPermits = this.thresholdPermits + 2.0 * this.warmupNanos / (stableInterval + coldInterval);
		this.slope = (coldInterval - stableInterval) / (this.maxPermits - this.thresholdPermits);
	}

	/**
	 * Grants {@code permits} at {@code now}; the caller holds the write lock and has checked the
	 * wait against its timeout.
	 */
	private void takePermits(int permits, long now) {
		resync(now);
		double fromStored = Math.min(permits, this.storedPermits);
		double fresh = permits - fromStored;
		double costNanos = storedPermitsCostNanos(this.storedPermits, fromStored) + fresh * this.stableIntervalNanos;
		this.nextFreeNanos = Saturated.add(this.nextFreeNanos, Math.round(costNanos));
		this.storedPermits -= fromStored;
	}

	/** Turns idle time since the next free moment into stored permits. */
	private void resync(long now) {
		if (now > this.nextFreeNanos) {
			this.storedPermits = storedPermitsAt(now);
			this.nextFreeNanos = now;
		}
	}

	private double storedPermitsAt(long now) {
		if (now <= this.nextFreeNanos) {
			return this.storedPermits;
		}
		double coolDownIntervalNanos = this.warmupNanos / this.maxPermits;
		double idlePermits = (double) Saturated.subtract(now, this.nextFreeNanos) / coolDownIntervalNanos;
		return Math.min(this.maxPermits, this.storedPermits + idlePermits);
	}

	/**
	 * The area under the curve for taking {@code permitsToTake} from a store of {@code stored}: the
	 * trapezoid slice above the threshold plus the stable interval for each permit below it.
	 */
	private double storedPermitsCostNanos(double stored, double permitsToTake) {
		double aboveThreshold = stored - this.thresholdPermits;
		double costNanos = 0.0;
		if (aboveThreshold > 0.0) {
			double takenAboveThreshold = Math.min(aboveThreshold, permitsToTake);
			double intervalAtTop = this.stableIntervalNanos + aboveThreshold * this.slope;
			double intervalAtBottom = this.stableIntervalNanos + (aboveThreshold - takenAboveThreshold) * this.slope;
			costNanos = takenAboveThreshold * (intervalAtTop + intervalAtBottom) / 2.0;
			permitsToTake -= takenAboveThreshold;
		}
		return costNanos + this.stableIntervalNanos * permitsToTake;
	}

}
