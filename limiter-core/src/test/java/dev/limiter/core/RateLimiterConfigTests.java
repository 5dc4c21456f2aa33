package dev.limiter.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RateLimiterConfig}: every bad value is named in the message with what
 * is allowed.
 *
 * @author The limiter authors
 */
class RateLimiterConfigTests {

	@ParameterizedTest
	@ValueSource(doubles = { 0.0, -1.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.1e9,
			9.99e-10, 1e-300, Double.MIN_VALUE })
	void rateOutsideOnePerThirtyYearsToOnePerNanosecondIsRejected(double rate) {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiterConfig.bursty(rate))
			.withMessage("permitsPerSecond (" + rate + ") must be from 1.0E-9 (one permit in about 31.7 years) to "
					+ "1.0E9 (one permit per nanosecond)");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiterConfig.warmingUp(rate, Duration.ofSeconds(1)))
			.withMessageStartingWith("permitsPerSecond (" + rate + ")");
	}

	@Test
	void negativeMaxBurstIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiterConfig.bursty(1, Duration.ofMillis(-1)))
			.withMessage("maxBurst (PT-0.001S) must be zero or positive");
	}

	@Test
	void zeroWarmupIsRejectedRatherThanSilentlyDisablingTheLimit() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiterConfig.warmingUp(1, Duration.ZERO))
			.withMessage("warmup (PT0S) must be positive; for a limit without warm-up use a bursty limit");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiterConfig.warmingUp(1, Duration.ofSeconds(-2)))
			.withMessageStartingWith("warmup (PT-2S) must be positive");
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.99, 0.0, -3.0, Double.NaN, Double.POSITIVE_INFINITY, 1.0000001e6, 1e17 })
	void coldFactorOutsideOneToAMillionIsRejected(double coldFactor) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RateLimiterConfig.warmingUp(1, Duration.ofSeconds(1), coldFactor))
			.withMessage("coldFactor (" + coldFactor + ") must be from 1 to 1000000.0");
	}

	@Test
	void defaultsAreGuavas() {
		assertThat(RateLimiterConfig.bursty(5).maxBurst()).isEqualTo(Duration.ofSeconds(1));
		assertThat(RateLimiterConfig.warmingUp(5, Duration.ofSeconds(1)).coldFactor()).isEqualTo(3.0);
	}

	@Test
	void withPermitsPerSecondKeepsTheOtherValuesAndChecksTheRate() {
		RateLimiterConfig config = RateLimiterConfig.warmingUp(5, Duration.ofSeconds(2), 4);
		assertThat(config.withPermitsPerSecond(7)).isEqualTo(RateLimiterConfig.warmingUp(7, Duration.ofSeconds(2), 4));
		assertThatIllegalArgumentException().isThrownBy(() -> config.withPermitsPerSecond(-7))
			.withMessageStartingWith("permitsPerSecond (-7.0)");
	}

	@Test
	void rejectedSetRateLeavesTheLimiterAsItWas() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.warmingUp(5, Duration.ofSeconds(2)),
				new ManualTimeSource());
		RateLimiterSnapshot before = limiter.snapshot();
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.setRate(Double.NaN));
		assertThat(limiter.snapshot()).isEqualTo(before);
		RateLimiter bursty = RateLimiter.create(RateLimiterConfig.bursty(5), new ManualTimeSource());
		assertThatIllegalArgumentException().isThrownBy(() -> bursty.setRate(0));
		assertThat(bursty.getRate()).isEqualTo(5.0);
	}

}
