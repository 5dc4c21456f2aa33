package dev.limiter.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RateLimiter#tryReserveAt(int, long)}: permits granted at a given
 * moment, and charged from it.
 *
 * @author The limiter authors
 */
class ReserveAtTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void permitsReservedForALaterMomentSpaceTheNextCallerFromThatMoment() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(1, Duration.ZERO), this.time);
		assertThat(limiter.tryReserveAt(1, 4_000_000_000L)).isTrue();
		// granted at 4 s, so the next permit is free at 5 s, not at 1 s
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(5_000_000_000L);
	}

	@Test
	void reservationForAMomentBeforeTheNextFreeOneChangesNothing() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4)), this.time);
		limiter.tryAcquire();
		long owed = limiter.queryWaitNanos(1);
		assertThat(limiter.tryReserveAt(1, owed - 1)).isFalse();
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(owed);
		assertThat(limiter.tryReserveAt(1, owed)).isTrue();
	}

	@Test
	void warmingUpLimiterStoresTheIdleTimeUpToTheMoment() {
		RateLimiter reservedAt = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4)), this.time);
		ManualTimeSource later = new ManualTimeSource();
		RateLimiter acquiredThen = RateLimiter.create(RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4)), later);
		for (int i = 0; i < 8; i++) {
			reservedAt.tryReserveAt(1, reservedAt.queryWaitNanos(1));
			acquiredThen.reserveNanos(1);
		}
		assertThat(reservedAt.queryWaitNanos(1)).isEqualTo(acquiredThen.queryWaitNanos(1));
		assertThat(reservedAt.tryReserveAt(1, 10_000_000_000L)).isTrue();
		later.advance(Duration.ofSeconds(10));
		acquiredThen.reserveNanos(1);
		assertThat(reservedAt.queryWaitNanos(1)).isEqualTo(acquiredThen.queryWaitNanos(1) + 10_000_000_000L);
	}

	@Test
	void permitsMustBePositive() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(1), this.time);
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryReserveAt(0, 0))
			.withMessage("permits (0) must be 1 or more");
	}

}
