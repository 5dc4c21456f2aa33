package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link KeyedRateLimiter}: bounded, and never more permissive for having
 * dropped a key.
 *
 * @author The limiter authors
 */
class KeyedRateLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void eachKeyHasItsOwnLimiter() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 10, Duration.ofMinutes(1));
		assertThat(limiters.limiter("a").tryAcquire()).isTrue();
		assertThat(limiters.limiter("a").tryAcquire()).isFalse();
		assertThat(limiters.limiter("b").tryAcquire()).isTrue();
		assertThat(limiters.find("a")).isSameAs(limiters.limiter("a"));
		assertThat(limiters.find("c")).isNull();
		assertThat(limiters.size()).isEqualTo(2);
	}

	@Test
	void floodOfKeysStaysWithinMaxKeys() {
		KeyedRateLimiter<Integer> limiters = keyed(RateLimiterConfig.bursty(1), 100, Duration.ofMinutes(1));
		for (int key = 0; key < 10_000; key++) {
			limiters.limiter(key).tryAcquire();
		}
		limiters.cleanUp();
		assertThat(limiters.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void idleKeysAreDropped() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 10, Duration.ofMinutes(1));
		limiters.limiter("a").tryAcquire();
		this.time.advance(Duration.ofSeconds(59));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNotNull();
		this.time.advance(Duration.ofSeconds(2));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.size()).isZero();
	}

	@Test
	void keyDroppedWhileOwingTimeComesBackOwingAtLeastAsLong() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 1, Duration.ofMinutes(1));
		// owes 10 s
		limiters.limiter("a").reserveNanos(10);
		this.time.advance(Duration.ofSeconds(4));
		// the registry is full: "a" goes
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		RateLimiter recreated = limiters.limiter("a");
		assertThat(recreated.tryAcquire()).isFalse();
		assertThat(recreated.queryWaitNanos(1)).isEqualTo(Duration.ofSeconds(6).toNanos());
	}

	@Test
	void keyThatExpiredWhileOwingTimeComesBackOwingAtLeastAsLong() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), 10,
				Duration.ofSeconds(5));
		limiters.limiter("a").reserveNanos(20);
		long owedNanos = limiters.limiter("a").queryWaitNanos(1);
		this.time.advance(Duration.ofSeconds(6));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.limiter("a").queryWaitNanos(1)).isEqualTo(owedNanos - Duration.ofSeconds(6).toNanos());
	}

	@Test
	void keyDroppedOwingNothingComesBackFresh() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), 1,
				Duration.ofMinutes(1));
		limiters.limiter("a").tryAcquire();
		// paid, and cold again
		this.time.advance(Duration.ofSeconds(30));
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.limiter("a").snapshot()).isEqualTo(
				RateLimiter.create(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), this.time).snapshot());
	}

	/**
	 * Random traffic over more keys than the registry holds: every permit a key is
	 * granted costs at least the stable interval, so two grants to one key closer than
	 * that would mean a dropped key came back too permissive.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void grantsToOneKeyAreNeverCloserThanTheStableIntervalWhateverIsDropped(boolean warmingUp) {
		RateLimiterConfig config = warmingUp ? RateLimiterConfig.warmingUp(10, Duration.ofSeconds(1))
				: RateLimiterConfig.bursty(10, Duration.ZERO);
		long intervalNanos = 100_000_000;
		KeyedRateLimiter<Integer> limiters = keyed(config, 4, Duration.ofMillis(150));
		SplittableRandom random = new SplittableRandom(42);
		Map<Integer, Long> lastGrant = new HashMap<>();
		int grants = 0;
		for (int step = 0; step < 20_000; step++) {
			this.time.advanceNanos(random.nextLong(0, 20_000_000));
			int key = random.nextInt(12);
			if (limiters.limiter(key).tryAcquire()) {
				Long previous = lastGrant.put(key, this.time.nanoTime());
				if (previous != null) {
					assertThat(this.time.nanoTime() - previous).as("key %s at step %s", key, step)
						.isGreaterThanOrEqualTo(intervalNanos - 1);
				}
				grants++;
			}
			limiters.cleanUp();
		}
		assertThat(grants).isGreaterThan(1_000);
	}

	@Test
	void badBoundsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> keyed(RateLimiterConfig.bursty(1), 0, Duration.ofMinutes(1)))
			.withMessage("maxKeys (0) must be 1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> keyed(RateLimiterConfig.bursty(1), 1, Duration.ZERO))
			.withMessage("idleExpiry (PT0S) must be positive");
	}

	private <K> KeyedRateLimiter<K> keyed(RateLimiterConfig config, long maxKeys, Duration idleExpiry) {
		return new KeyedRateLimiter<>(config, maxKeys, idleExpiry, this.time, Runnable::run);
	}

}
