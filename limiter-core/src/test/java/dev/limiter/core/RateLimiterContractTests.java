package dev.limiter.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What both algorithms promise alike: argument checks, interrupts, saturation at the ends
 * of the clock and of the permit range.
 *
 * @author The limiter authors
 */
class RateLimiterContractTests {

	static Stream<Function<Double, RateLimiterConfig>> algorithms() {
		return Stream.of(RateLimiterConfig::bursty, (rate) -> RateLimiterConfig.warmingUp(rate, Duration.ofSeconds(1)));
	}

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void permitsBelowOneAreRejectedByEveryOperation(Function<Double, RateLimiterConfig> config) {
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), new ManualTimeSource());
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire(0))
			.withMessage("permits (0) must be 1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryAcquire(-1, Duration.ZERO))
			.withMessage("permits (-1) must be 1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.acquire(0));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.reserveNanos(0));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryReserveNanos(0, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.queryWaitNanos(0));
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void negativeTimeoutMeansZero(Function<Double, RateLimiterConfig> config) {
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), time);
		assertThat(limiter.tryAcquire(1, Duration.ofSeconds(-5))).isTrue();
		assertThat(limiter.tryAcquire(1, Duration.ofSeconds(-5))).isFalse();
		assertThat(limiter.tryReserveNanos(1, Duration.ofDays(-1))).isEqualTo(RateLimiter.NOT_RESERVED);
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void interruptedThreadGivesUpBeforeReservingAnything(Function<Double, RateLimiterConfig> config) {
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), time);
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(limiter::acquire);
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		assertThat(limiter.tryAcquire()).isTrue();
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void interruptWhileWaitingEndsTheWaitAndKeepsThePermitsSpent(Function<Double, RateLimiterConfig> config) {
		InterruptingTimeSource time = new InterruptingTimeSource(1);
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), time);
		limiter.reserveNanos(1);
		long owedBefore = limiter.queryWaitNanos(1);
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(limiter::acquire);
		assertThat(limiter.queryWaitNanos(1)).isGreaterThan(owedBefore);
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void boundedWaitIsNotInterruptibleButKeepsTheInterrupt(Function<Double, RateLimiterConfig> config) {
		InterruptingTimeSource time = new InterruptingTimeSource(2);
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), time);
		limiter.reserveNanos(1);
		long owed = limiter.queryWaitNanos(1);
		assertThat(limiter.tryAcquire(1, Duration.ofSeconds(10))).isTrue();
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
		assertThat(time.nanoTime()).isEqualTo(owed);
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void hugeRequestOnTheSlowestRateSaturatesAndKeepsTheLimiterClosed(Function<Double, RateLimiterConfig> config) {
		ManualTimeSource time = new ManualTimeSource();
		RateLimiter limiter = RateLimiter.create(config.apply(1e-9), time);
		assertThat(limiter.reserveNanos(Integer.MAX_VALUE)).isZero();
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(Long.MAX_VALUE);
		assertThat(limiter.reserveNanos(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
		time.advance(Duration.ofDays(365 * 200));
		assertThat(limiter.tryAcquire()).isFalse();
		assertThat(limiter.snapshot().nextFreeIn()).isPositive();
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void clockNearItsEndNeitherWrapsNorOpensTheLimiter(Function<Double, RateLimiterConfig> config) {
		ManualTimeSource time = new ManualTimeSource(Long.MAX_VALUE - 10_000_000_000L);
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), time);
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isFalse();
		limiter.reserveNanos(100);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(Long.MAX_VALUE - time.nanoTime());
		time.advance(Duration.ofSeconds(5));
		assertThat(limiter.tryAcquire()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("algorithms")
	void limiterCreatedWithALaterFirstFreeMomentMakesItsFirstCallerWait(Function<Double, RateLimiterConfig> config) {
		ManualTimeSource time = new ManualTimeSource(1_000);
		RateLimiter limiter = RateLimiter.create(config.apply(1.0), time, 1_000 + 300);
		assertThat(limiter.tryAcquire()).isFalse();
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(300);
		RateLimiter fromThePast = RateLimiter.create(config.apply(1.0), time, 0);
		assertThat(fromThePast.snapshot()).isEqualTo(RateLimiter.create(config.apply(1.0), time).snapshot());
	}

	/**
	 * A clock whose sleeps throw {@link InterruptedException} a number of times before
	 * they work.
	 */
	private static final class InterruptingTimeSource implements TimeSource {

		private final AtomicLong nanos = new AtomicLong();

		private int interruptsLeft;

		InterruptingTimeSource(int interrupts) {
			this.interruptsLeft = interrupts;
		}

		@Override
		public long nanoTime() {
			return this.nanos.get();
		}

		@Override
		public void sleepNanos(long nanos) throws InterruptedException {
			if (this.interruptsLeft > 0) {
				this.interruptsLeft--;
				this.nanos.addAndGet(nanos / 3);
				throw new InterruptedException();
			}
			this.nanos.addAndGet(nanos);
		}

	}

}
