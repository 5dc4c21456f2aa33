package dev.limiter.core;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.GuavaOracle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs our limiters and Guava's side by side over seeded random sequences of idle time,
 * {@code acquire}, {@code tryAcquire} with timeouts and {@code setRate}: decisions must
 * be equal and waits within {@value #TOLERANCE_NANOS} ns.
 *
 * <p>
 * Guava counts whole microseconds and truncates each cost, so its waits run a few
 * microseconds short and, in warm-up, the lost time becomes extra stored permits; the
 * difference stays within a few tens of microseconds and does not drift. A real model
 * error (a wrong threshold, a store that never fills, {@code <} for {@code ≤}) is off by
 * milliseconds within a few steps. Timeouts are drawn at least 100 µs away from Guava's
 * wait so that Guava's truncation cannot flip a decision; the exact boundary is pinned in
 * the algorithm tests instead.
 *
 * @author The limiter authors
 */
class GuavaDifferentialTests {

	private static final long TOLERANCE_NANOS = 50_000;

	private static final int STEPS = 4_000;

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void burstyMatchesGuavaSmoothBursty(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double rate = randomRate(random);
		double maxBurstSeconds = 0.1 * random.nextInt(0, 50);
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter ours = RateLimiter
			.create(RateLimiterConfig.bursty(rate, Duration.ofNanos(Math.round(maxBurstSeconds * 1e9))), time);
		GuavaOracle guava = GuavaOracle.bursty(rate, maxBurstSeconds);
		compare(random, ours, time, guava);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8 })
	void warmingUpMatchesGuavaSmoothWarmingUp(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double rate = randomRate(random);
		long warmupMicros = random.nextLong(1_000, 10_000_000);
		double coldFactor = (random.nextInt(4) == 0) ? 1.0 : 1.0 + random.nextDouble(6.0);
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter ours = RateLimiter
			.create(RateLimiterConfig.warmingUp(rate, Duration.ofNanos(warmupMicros * 1000), coldFactor), time);
		GuavaOracle guava = GuavaOracle.warmingUp(rate, warmupMicros, coldFactor);
		compare(random, ours, time, guava);
	}

	private void compare(SplittableRandom random, RateLimiter ours, ManualTimeSource time, GuavaOracle guava) {
		int granted = 0;
		int denied = 0;
		for (int step = 0; step < STEPS; step++) {
			String context = "step " + step + " with " + ours.config();
			int permits = (random.nextInt(10) == 0) ? random.nextInt(1, 40) : random.nextInt(1, 4);
			switch (random.nextInt(10)) {
				case 0, 1 -> {
					long idleMicros = (random.nextInt(4) == 0) ? random.nextLong(0, 5_000_000)
							: random.nextLong(0, Math.round(2e6 / ours.getRate()) + 1);
					time.advanceNanos(idleMicros * 1000);
					guava.advanceMicros(idleMicros);
				}
				case 2, 3, 4 -> {
					long ourWait = acquire(ours, permits);
					long guavaWait = Math.round(guava.limiter().acquire(permits) * 1e9);
					assertThat(ourWait).as(context)
						.isCloseTo(guavaWait, org.assertj.core.data.Offset.offset(TOLERANCE_NANOS));
				}
				case 5, 6, 7, 8 -> {
					long guavaWaitMicros = guava.waitMicros();
					long timeoutMicros = timeoutAwayFrom(random, guavaWaitMicros);
					long ourWaitBefore = ours.queryWaitNanos(permits);
					assertThat(ourWaitBefore).as(context)
						.isCloseTo(guavaWaitMicros * 1000, org.assertj.core.data.Offset.offset(TOLERANCE_NANOS));
					boolean ourDecision = ours.tryAcquire(permits, Duration.ofNanos(timeoutMicros * 1000));
					boolean guavaDecision = guava.limiter().tryAcquire(permits, timeoutMicros, TimeUnit.MICROSECONDS);
					assertThat(ourDecision).as(context).isEqualTo(guavaDecision);
					if (ourDecision) {
						granted++;
					}
					else {
						denied++;
					}
				}
				default -> {
					double rate = randomRate(random);
					ours.setRate(rate);
					guava.limiter().setRate(rate);
				}
			}
		}
		// Both outcomes must have been exercised, or the comparison proved little.
		assertThat(granted).isGreaterThan(100);
		assertThat(denied).isGreaterThan(100);
	}

	private static long acquire(RateLimiter limiter, int permits) {
		try {
			return limiter.acquire(permits).toNanos();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static double randomRate(SplittableRandom random) {
		return switch (random.nextInt(3)) {
			case 0 -> 0.2 + random.nextDouble(5);
			case 1 -> 5 + random.nextDouble(100);
			default -> 100 + random.nextDouble(2000);
		};
	}

	/** A timeout at least 100 µs from the wait, on either side. */
	private static long timeoutAwayFrom(SplittableRandom random, long waitMicros) {
		if (random.nextBoolean() || waitMicros < 200) {
			return waitMicros + 100 + random.nextLong(0, 2_000_000);
		}
		return random.nextLong(0, waitMicros - 100);
	}

}
