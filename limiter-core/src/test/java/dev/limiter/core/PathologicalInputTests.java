package dev.limiter.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs a caller of the public API could use to get more than a limiter allows, found in
 * review: replaying past moments to {@code tryReserveAt}, and a cold factor so large that
 * the warm-up vanished.
 *
 * @author The limiter authors
 */
class PathologicalInputTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void reservationsAtPastMomentsStoreNoMoreThanTheMaximumBurst() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(1, Duration.ofSeconds(1)), this.time);
		this.time.advance(Duration.ofHours(1));
		long now = this.time.nanoTime();
		int granted = 0;
		for (long moment = now - Duration.ofHours(1).toNanos(); moment < now; moment += 1_000_000_000L) {
			if (limiter.tryReserveAt(1, moment)) {
				granted++;
			}
		}
		while (limiter.tryAcquire()) {
			granted++;
		}
		// before: 3,601 at one instant
		assertThat(granted).as("permits at one instant, 1/s with a 1 s burst").isEqualTo(2);
	}

	@Test
	void reservationsAtPastMomentsDoNotEmptyAColdStore() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), this.time);
		this.time.advance(Duration.ofHours(1));
		int granted = 0;
		for (long moment = 0; moment < this.time.nanoTime(); moment += 1_000_000_000L) {
			if (limiter.tryReserveAt(1, moment)) {
				granted++;
			}
		}
		// before: 1,780 at one instant
		assertThat(granted).as("permits at one instant from a cold 1/s limiter").isEqualTo(1);
	}

	@Test
	void largestColdFactorMakesTheFirstColdPermitTheMostExpensive() {
		RateLimiter largest = RateLimiter.create(
				RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10), RateLimiterConfig.MAX_COLD_FACTOR), this.time);
		RateLimiter usual = RateLimiter.create(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10), 3), this.time);
		largest.reserveNanos(1);
		usual.reserveNanos(1);
		// before the cap, a cold factor of 1e17 made it cost 1 s, as a factor of 1 does
		assertThat(largest.queryWaitNanos(1)).isGreaterThan(usual.queryWaitNanos(1));
	}

}
