package dev.limiter.core;

import java.time.Duration;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both limiters at the two ends of the accepted range of rates, and fed pathological
 * values: a limiter never admits more than its rate, never computes a cost of NaN (which
 * would admit everything), and a rate change reopens a limiter that only saturation had
 * closed.
 *
 * @author The limiter authors
 */
class RateLimiterRangeTests {

	private final ManualTimeSource time = new ManualTimeSource();

	static Stream<Arguments> algorithmsAndRates() {
		DoubleFunction<RateLimiterConfig> bursty = (rate) -> RateLimiterConfig.bursty(rate, Duration.ZERO);
		DoubleFunction<RateLimiterConfig> warm = (rate) -> RateLimiterConfig.warmingUp(rate, Duration.ofNanos(1), 1);
		return Stream.of(6.7e8, 1.4e8, 3.3e7, 1e9, 3, RateLimiterConfig.MIN_PERMITS_PER_SECOND)
			.flatMap((rate) -> Stream.of(Arguments.of("bursty", bursty, rate), Arguments.of("warming-up", warm, rate)));
	}

	@ParameterizedTest(name = "{0} at {2}/s")
	@MethodSource("algorithmsAndRates")
	void singlePermitsNeverCostLessThanTheRateAllows(String algorithm, DoubleFunction<RateLimiterConfig> config,
			double rate) {
		RateLimiter limiter = RateLimiter.create(config.apply(rate), this.time);
		int requests = 1000;
		for (int i = 0; i < requests; i++) {
			limiter.reserveNanos(1);
		}
		// Rounded to the nearest nanosecond, 1000 permits at 6.7e8/s (1.49 ns each) would
		// cost 1000 ns: 49 % more permits than the rate.
		// At the minimum rate the debt saturates at the end of the clock.
		double exactNanos = Math.min(requests * 1e9 / rate, Long.MAX_VALUE);
		assertThat((double) limiter.queryWaitNanos(1)).isGreaterThanOrEqualTo(exactNanos)
			.isLessThanOrEqualTo(exactNanos + requests);
	}

	@Test
	void warmingUpLimiterAtTheMinimumRateStaysClosedAfterItsFirstPermit() {
		RateLimiter limiter = RateLimiter.create(
				RateLimiterConfig.warmingUp(RateLimiterConfig.MIN_PERMITS_PER_SECOND, Duration.ofSeconds(1)),
				this.time);
		assertThat(limiter.tryAcquire()).isTrue();
		this.time.advance(Duration.ofDays(365));
		assertThat(limiter.tryAcquire()).isFalse();
		assertThat(limiter.queryWaitNanos(1)).isGreaterThan(900_000_000_000_000_000L);
	}

	@Test
	void costThatIsNotAFiniteNumberSaturatesInsteadOfBecomingFree() {
		assertThat(SmoothRateLimiter.costNanos(Double.NaN)).isEqualTo(Long.MAX_VALUE);
		assertThat(SmoothRateLimiter.costNanos(Double.POSITIVE_INFINITY)).isEqualTo(Long.MAX_VALUE);
		assertThat(SmoothRateLimiter.costNanos(1e300)).isEqualTo(Long.MAX_VALUE);
		assertThat(SmoothRateLimiter.costNanos(1.49)).isEqualTo(2);
		assertThat(SmoothRateLimiter.costNanos(2e12)).isEqualTo(2_000_000_000_000L);
		assertThat(SmoothRateLimiter.costNanos(Math.nextUp(1.375e9))).isEqualTo(1_375_000_000L);
	}

	@Test
	void burstyLimiterClosedBySaturationReopensWhenASaneRateIsSet() {
		saturatedLimiterReopensAtTheNewRate(
				RateLimiter.create(RateLimiterConfig.bursty(RateLimiterConfig.MIN_PERMITS_PER_SECOND), this.time));
	}

	@Test
	void warmingUpLimiterClosedBySaturationReopensWhenASaneRateIsSet() {
		saturatedLimiterReopensAtTheNewRate(RateLimiter.create(
				RateLimiterConfig.warmingUp(RateLimiterConfig.MIN_PERMITS_PER_SECOND, Duration.ofSeconds(1)),
				this.time));
	}

	private void saturatedLimiterReopensAtTheNewRate(RateLimiter limiter) {
		// 100 permits at one per 1e9 s owe 1e20 ns: past the end of the clock.
		limiter.reserveNanos(100);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(Long.MAX_VALUE);
		limiter.setRate(10);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(100_000_000L);
		this.time.advance(Duration.ofMillis(100));
		assertThat(limiter.tryAcquire()).isTrue();
	}

	@Test
	void unsaturatedDebtIsKeptOnARateChange() {
		RateLimiter limiter = RateLimiter.create(RateLimiterConfig.bursty(0.001), this.time);
		limiter.reserveNanos(2);
		limiter.setRate(10);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(2_000_000_000_000L);
	}

}
