package dev.limiter.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Exact traces of {@link SmoothWarmingUpRateLimiter} on a {@link ManualTimeSource}.
 *
 * @author The limiter authors
 */
class SmoothWarmingUpRateLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void eightAcquiresFromColdWaitTheTrapezoidThenTheStableInterval() throws InterruptedException {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		Duration[] waits = new Duration[8];
		for (int i = 0; i < waits.length; i++) {
			waits[i] = limiter.acquire();
		}
		assertThat(waits).containsExactly(Duration.ZERO, millis(1375), millis(1125), millis(875), millis(625),
				millis(500), millis(500), millis(500));
		assertThat(this.time.takeSleeps()).containsExactly(millis(1375), millis(1125), millis(875), millis(625),
				millis(500), millis(500), millis(500));
	}

	@Test
	void warmupWaitsAddUpToTheWarmupPeriodForAnyColdFactor() throws InterruptedException {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(10, Duration.ofSeconds(3), 4.5),
				this.time);
		// threshold = 15 permits, max = 15 + 2 * 3 / (0.1 + 0.45) = 25.909..: 11 permits
		// (rounded up) above the threshold take the whole trapezoid, 3 s.
		double maxPermits = limiter.snapshot().maxPermits();
		assertThat(maxPermits).isCloseTo(15 + 6 / 0.55, within(1e-9));
		limiter.acquire();
		for (int i = 0; i < 11; i++) {
			limiter.acquire();
		}
		long sleptNanos = this.time.takeSleeps().stream().mapToLong(Duration::toNanos).sum();
		// The 11th wait pays the last sliver of the trapezoid and the rest of a stable
		// permit.
		double lastSliver = maxPermits - 15 - 10;
		// Each of the 12 costs is rounded up, by less than a nanosecond.
		long exactNanos = Math.round(3_000_000_000L + (1 - lastSliver) * 100_000_000);
		assertThat(sleptNanos).isBetween(exactNanos - 1, exactNanos + 12);
	}

	@Test
	void coldLimiterShowsColdPhaseAndItsSlowestInterval() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		RateLimiterSnapshot snapshot = limiter.snapshot();
		assertThat(snapshot.phase()).isEqualTo(WarmupPhase.COLD);
		assertThat(snapshot.storedPermits()).isEqualTo(8.0);
		assertThat(snapshot.thresholdPermits()).isEqualTo(4.0);
		assertThat(snapshot.maxPermits()).isEqualTo(8.0);
		assertThat(snapshot.nextPermitInterval()).isEqualTo(millis(1375));
		assertThat(snapshot.nextFreeIn()).isZero();
		assertThat(snapshot.permitsPerSecond()).isEqualTo(2.0);
	}

	@Test
	void limiterWarmsThenCoolsDownFullyInOneWarmupPeriod() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		limiter.reserveNanos(1);
		assertThat(limiter.snapshot().phase()).isEqualTo(WarmupPhase.WARMING);
		limiter.reserveNanos(4);
		assertThat(limiter.snapshot().storedPermits()).isEqualTo(3.0);
		assertThat(limiter.snapshot().phase()).isEqualTo(WarmupPhase.WARM);
		assertThat(limiter.snapshot().nextPermitInterval()).isEqualTo(millis(500));
		// Owed: 1.375 s for the first permit, then 1.125 + 0.875 + 0.625 + 0.5 s for the
		// next four.
		assertThat(limiter.snapshot().nextFreeIn()).isEqualTo(millis(4500));
		this.time.advance(Duration.ofMillis(4500));
		// the three stored permits, at 0.5 s each
		assertThat(limiter.reserveNanos(3)).isZero();
		this.time.advance(Duration.ofMillis(1500));
		assertThat(limiter.snapshot().storedPermits()).isZero();
		assertThat(limiter.snapshot().nextFreeIn()).isZero();
		// one permit per 0.5 s: 4 permits, the threshold
		this.time.advance(Duration.ofSeconds(2));
		assertThat(limiter.snapshot().storedPermits()).isEqualTo(4.0);
		assertThat(limiter.snapshot().phase()).isEqualTo(WarmupPhase.WARM);
		this.time.advance(Duration.ofSeconds(2));
		assertThat(limiter.snapshot().storedPermits()).isEqualTo(8.0);
		assertThat(limiter.snapshot().phase()).isEqualTo(WarmupPhase.COLD);
	}

	@Test
	void coldFactorOfOneNeverSlowsDown() throws InterruptedException {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 1), this.time);
		for (int i = 0; i < 6; i++) {
			limiter.acquire();
		}
		assertThat(this.time.takeSleeps()).containsOnly(millis(500)).hasSize(5);
	}

	@Test
	void setRateKeepsHowColdTheLimiterIs() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		// 8 -> 6 stored, half way down the trapezoid
		limiter.reserveNanos(2);
		// pays 1.375 + 1.125 s exactly
		this.time.advance(Duration.ofMillis(2500));
		limiter.setRate(4);
		RateLimiterSnapshot snapshot = limiter.snapshot();
		assertThat(snapshot.maxPermits()).isEqualTo(16.0);
		assertThat(snapshot.thresholdPermits()).isEqualTo(8.0);
		assertThat(snapshot.storedPermits()).isEqualTo(12.0);
		assertThat(snapshot.permitsPerSecond()).isEqualTo(4.0);
		assertThat(limiter.config()).isEqualTo(RateLimiterConfig.warmingUp(4, Duration.ofSeconds(4), 3));
	}

	@Test
	void setRateKeepsTimeAlreadyOwed() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		limiter.reserveNanos(1);
		limiter.setRate(100);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(1_375_000_000L);
	}

	@Test
	void deniedRequestChangesNothing() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		limiter.reserveNanos(1);
		RateLimiterSnapshot before = limiter.snapshot();
		assertThat(limiter.tryAcquire(1, Duration.ofMillis(1374))).isFalse();
		assertThat(limiter.tryReserveNanos(3, Duration.ofMillis(1374))).isEqualTo(RateLimiter.NOT_RESERVED);
		assertThat(limiter.snapshot()).isEqualTo(before);
		assertThat(this.time.sleeps()).isEmpty();
	}

	@Test
	void requestWhoseWaitEqualsTheTimeoutIsGrantedAfterExactlyThatWait() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), this.time);
		limiter.reserveNanos(1);
		assertThat(limiter.tryAcquire(1, Duration.ofMillis(1375))).isTrue();
		assertThat(this.time.takeSleeps()).containsExactly(millis(1375));
	}

	private static Duration millis(long millis) {
		return Duration.ofMillis(millis);
	}

}
