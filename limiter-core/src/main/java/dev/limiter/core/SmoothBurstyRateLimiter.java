package dev.limiter.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * Guava's {@code SmoothBursty} in one atomic word, with a configurable maximum burst.
 *
 * <p>
 * Its state is the next free moment and the stored permits. Because stored permits are
 * free, they only ever exist while the next free moment is in the past, and the pair
 * folds into one <em>theoretical arrival time</em> ({@code tat}, as in the generic cell
 * rate algorithm): <pre>
 * tat = nextFree − stored × interval
 * </pre>
 * <ul>
 * <li>{@code tat} in the future: the limiter owes {@code tat − now}, and stores
 * nothing;</li>
 * <li>{@code tat} in the past: the limiter is free and stores
 * {@code min(now − tat, maxBurst) /
 * interval} permits.</li>
 * </ul>
 * Granting {@code k} permits at {@code now} sets
 * {@code tat = max(tat, now − maxBurst) + k ×
 * interval}. At 2 permits per second with a maximum burst of 1 s: idle since
 * {@code tat = 0}, a request for one permit at {@code now = 3 s} sets
 * {@code tat = max(0, 2) + 0.5 = 2.5 s}: free, with one permit still stored; the next two
 * permits at 3 s move it to 3.5 s, and a fourth request at 3 s waits 0.5 s.
 *
 * <p>
 * A request compares {@code tat} with {@code now} and either leaves (denied: no write) or
 * installs the new {@code tat} with one compare-and-set. A rate change only swaps the
 * interval: owed time stays owed, and the stored <em>time</em> {@code now − tat} is what
 * Guava keeps when it rescales stored permits to the new maximum.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class SmoothBurstyRateLimiter extends SmoothRateLimiter {

	private static final VarHandle TAT;

	static {
		try {
			TAT = MethodHandles.lookup()
				.findVarHandle(SmoothBurstyRateLimiter.class, "theoreticalArrivalNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long maxBurstNanos;

	/**
	 * The configuration and the interval derived from it, in one volatile reference so
	 * that a rate change is atomic: two concurrent {@link #setRate} calls can never leave
	 * {@link #config()} at one rate while another is enforced.
	 */
	private volatile Rate rate;

	// accessed through TAT
	@SuppressWarnings("unused")
	private volatile long theoreticalArrivalNanos;

	SmoothBurstyRateLimiter(RateLimiterConfig.Bursty config, TimeSource timeSource, long startNanos) {
		super(timeSource);
		this.rate = new Rate(config);
		this.maxBurstNanos = Durations.toNanosSaturated(config.maxBurst());
		this.theoreticalArrivalNanos = startNanos;
	}

	@Override
	long reserve(int permits, long timeoutNanos) {
		long tat = this.theoreticalArrivalNanos;
		for (int collisions = 0;; collisions++) {
			long now = this.timeSource.nanoTime();
			long waitNanos = Saturated.subtract(tat, now);
			if (waitNanos > timeoutNanos) {
				return NOT_RESERVED;
			}
			long witness = (long) TAT.compareAndExchange(this, tat, next(tat, now, permits));
			if (witness == tat) {
				return Math.max(0, waitNanos);
			}
			// Another request won: back off briefly so that two threads stop colliding,
			// then try again against what it wrote and a fresh clock.
			tat = witness;
			Backoff.spin(collisions);
		}
	}

	@Override
	boolean reserveAt(int permits, long momentNanos) {
		long tat = this.theoreticalArrivalNanos;
		for (int collisions = 0;; collisions++) {
			if (tat > momentNanos) {
				return false;
			}
			long witness = (long) TAT.compareAndExchange(this, tat, next(tat, momentNanos, permits));
			if (witness == tat) {
				return true;
			}
			tat = witness;
			Backoff.spin(collisions);
		}
	}

	/** The arrival time after granting {@code permits} at {@code grantNanos}. */
	private long next(long tat, long grantNanos, int permits) {
		long start = Math.max(tat, Saturated.subtract(grantNanos, this.maxBurstNanos));
		return Saturated.add(start, costNanos(permits * this.rate.intervalNanos()));
	}

	@Override
	long nextFreeNanos() {
		return this.theoreticalArrivalNanos;
	}

	/**
	 * Swaps the rate in one write. A saturated arrival time (owed past the end of the
	 * clock) is reopened to one interval at the new rate from now; any other debt is
	 * kept.
	 */
	@Override
	public void setRate(double permitsPerSecond) {
		Rate changed = new Rate(this.rate.config().withPermitsPerSecond(permitsPerSecond));
		this.rate = changed;
		long reopened = Saturated.add(this.timeSource.nanoTime(), costNanos(changed.intervalNanos()));
		TAT.compareAndSet(this, Long.MAX_VALUE, reopened);
	}

	@Override
	public RateLimiterConfig.Bursty config() {
		return this.rate.config();
	}

	@Override
	public RateLimiterSnapshot snapshot() {
		Rate rate = this.rate;
		double intervalNanos = rate.intervalNanos();
		long tat = this.theoreticalArrivalNanos;
		long now = this.timeSource.nanoTime();
		long storedNanos = Math.min(this.maxBurstNanos, Math.max(0, Saturated.subtract(now, tat)));
		double storedPermits = storedNanos / intervalNanos;
		double maxPermits = this.maxBurstNanos / intervalNanos;
		double nextPermitIntervalNanos = Math.max(0, 1.0 - storedPermits) * intervalNanos;
		return new RateLimiterSnapshot(rate.config().permitsPerSecond(), storedPermits, maxPermits, maxPermits,
				WarmupPhase.WARM, durationOfNanos(nextPermitIntervalNanos),
				Duration.ofNanos(Math.max(0, Saturated.subtract(tat, now))));
	}

	/**
	 * A configuration and its stable interval in fractional nanoseconds.
	 */
	private record Rate(RateLimiterConfig.Bursty config, double intervalNanos) {

		Rate(RateLimiterConfig.Bursty config) {
			this(config, stableIntervalNanos(config.permitsPerSecond()));
		}

	}

}
