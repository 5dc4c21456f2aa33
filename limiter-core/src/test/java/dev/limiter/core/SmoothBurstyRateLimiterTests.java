package dev.limiter.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact traces of {@link SmoothBurstyRateLimiter} on a {@link ManualTimeSource}.
 *
 * @author The limiter authors
 */
class SmoothBurstyRateLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void largeRequestOnAnIdleLimiterGoesAtOnceAndTheNextCallerPaysForIt() throws InterruptedException {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2), this.time);
		assertThat(limiter.acquire(4)).isZero();
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(2_000_000_000L);
		assertThat(limiter.acquire()).isEqualTo(Duration.ofSeconds(2));
		assertThat(limiter.acquire()).isEqualTo(Duration.ofMillis(500));
		assertThat(this.time.takeSleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(500));
	}

	@Test
	void newLimiterStoresNothing() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2), this.time);
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isFalse();
	}

	@Test
	void idleTimeIsStoredUpToTheMaximumBurstAndHandedOutForFree() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2, Duration.ofSeconds(1)), this.time);
		this.time.advance(Duration.ofSeconds(3));
		assertThat(limiter.snapshot().storedPermits()).isEqualTo(2.0);
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isTrue();
		// fresh, paid forward
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isFalse();
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(500_000_000L);
	}

	@Test
	void maximumBurstIsConfigurable() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2, Duration.ofSeconds(5)), this.time);
		this.time.advance(Duration.ofSeconds(60));
		RateLimiterSnapshot snapshot = limiter.snapshot();
		assertThat(snapshot.storedPermits()).isEqualTo(10.0);
		assertThat(snapshot.maxPermits()).isEqualTo(10.0);
		assertThat(snapshot.nextPermitInterval()).isZero();
		assertThat(limiter.tryAcquire(10)).isTrue();
		assertThat(limiter.snapshot().storedPermits()).isZero();
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isFalse();
	}

	@Test
	void zeroMaximumBurstStoresNothingAfterAnyPause() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2, Duration.ZERO), this.time);
		this.time.advance(Duration.ofHours(1));
		assertThat(limiter.snapshot().storedPermits()).isZero();
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isFalse();
	}

	@Test
	void snapshotOfABurstyLimiterIsAlwaysWarm() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(4), this.time);
		// 0.4 permits stored
		this.time.advance(Duration.ofMillis(100));
		RateLimiterSnapshot snapshot = limiter.snapshot();
		assertThat(snapshot.phase()).isEqualTo(WarmupPhase.WARM);
		assertThat(snapshot.thresholdPermits()).isEqualTo(snapshot.maxPermits()).isEqualTo(4.0);
		assertThat(snapshot.storedPermits()).isEqualTo(0.4);
		assertThat(snapshot.nextPermitInterval()).isEqualTo(Duration.ofMillis(150));
		limiter.reserveNanos(2);
		assertThat(limiter.snapshot().nextFreeIn()).isEqualTo(Duration.ofMillis(400));
	}

	@Test
	void requestWhoseWaitEqualsTheTimeoutIsGrantedAfterExactlyThatWait() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2), this.time);
		limiter.reserveNanos(1);
		assertThat(limiter.tryAcquire(1, Duration.ofNanos(499_999_999))).isFalse();
		assertThat(this.time.sleeps()).isEmpty();
		assertThat(limiter.tryAcquire(1, Duration.ofMillis(500))).isTrue();
		assertThat(this.time.takeSleeps()).containsExactly(Duration.ofMillis(500));
	}

	@Test
	void deniedRequestChangesNothing() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2), this.time);
		limiter.reserveNanos(3);
		RateLimiterSnapshot before = limiter.snapshot();
		assertThat(limiter.tryAcquire(5)).isFalse();
		assertThat(limiter.tryReserveNanos(1, Duration.ofSeconds(1))).isEqualTo(RateLimiter.NOT_RESERVED);
		assertThat(limiter.snapshot()).isEqualTo(before);
	}

	@Test
	void reservationReturnsTheWaitWithoutSleeping() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(4), this.time);
		assertThat(limiter.reserveNanos(2)).isZero();
		assertThat(limiter.reserveNanos(1)).isEqualTo(500_000_000L);
		assertThat(limiter.tryReserveNanos(1, Duration.ofMillis(750))).isEqualTo(750_000_000L);
		assertThat(this.time.nanoTime()).isZero();
		assertThat(this.time.sleeps()).isEmpty();
	}

	@Test
	void setRateKeepsTimeAlreadyOwedAndPricesTheNextPermitAtTheNewRate() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(1), this.time);
		limiter.reserveNanos(2);
		limiter.setRate(10);
		assertThat(limiter.getRate()).isEqualTo(10.0);
		assertThat(limiter.reserveNanos(1)).isEqualTo(2_000_000_000L);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(2_100_000_000L);
	}

	@Test
	void setRateKeepsStoredIdleTime() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(2, Duration.ofSeconds(2)), this.time);
		this.time.advance(Duration.ofSeconds(1));
		limiter.setRate(10);
		assertThat(limiter.snapshot().storedPermits()).isEqualTo(10.0);
		assertThat(limiter.snapshot().maxPermits()).isEqualTo(20.0);
	}

	@Test
	void costsAreRoundedPerRequestSoSmallRequestsDoNotDrift() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(3, Duration.ZERO), this.time);
		for (int i = 0; i < 3000; i++) {
			limiter.reserveNanos(1);
		}
		// 3000 permits at 333,333,333.3 ns each, each rounded up: never less than the
		// exact cost, and less than a nanosecond more per request.
		assertThat(limiter.queryWaitNanos(1)).isBetween(1_000_000_000_000L, 1_000_000_000_000L + 3000);
	}

}
