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

	private volatile RateLimiterConfig.Bursty config;

	private volatile double stableIntervalNanos;

	// accessed through TAT
	@SuppressWarnings("unused")
	private volatile long theoreticalArrivalNanos;

	SmoothBurstyRateLimiter(RateLimiterConfig.Bursty config, TimeSource timeSource, long startNanos) {
		super(timeSource);
		this.config = config;
		this.maxBurstNanos = Durations.toNanosSaturated(config.maxBurst());
		this.stableIntervalNanos = stableIntervalNanos(config.permitsPerSecond());
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
			long start = Math.max(tat, Saturated.subtract(now, this.maxBurstNanos));
			long next = Saturated.add(start, Math.round(permits * this.stableIntervalNanos));
			long witness = (long) TAT.compareAndExchange(this, tat, next);
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
	long nextFreeNanos() {
		return this.theoreticalArrivalNanos;
	}

	@Override
	public void setRate(double permitsPerSecond) {
		RateLimiterConfig.Bursty changed = this.config.withPermitsPerSecond(permitsPerSecond);
		this.stableIntervalNanos = stableIntervalNanos(permitsPerSecond);
		this.config = changed;
	}

	@Override
	public RateLimiterConfig.Bursty config() {
		return this.config;
	}

	@Override
	public RateLimiterSnapshot snapshot() {
		double permitsPerSecond = this.config.permitsPerSecond();
		double intervalNanos = stableIntervalNanos(permitsPerSecond);
		long tat = this.theoreticalArrivalNanos;
		long now = this.timeSource.nanoTime();
		long storedNanos = Math.min(this.maxBurstNanos, Math.max(0, Saturated.subtract(now, tat)));
		double storedPermits = storedNanos / intervalNanos;
		double maxPermits = this.maxBurstNanos / intervalNanos;
		double nextPermitIntervalNanos = Math.max(0, 1.0 - storedPermits) * intervalNanos;
		return new RateLimiterSnapshot(permitsPerSecond, storedPermits, maxPermits, maxPermits, WarmupPhase.WARM,
				durationOfNanos(nextPermitIntervalNanos), Duration.ofNanos(Math.max(0, Saturated.subtract(tat, now))));
	}

}
