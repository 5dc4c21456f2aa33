package dev.limiter.autoconfigure.ratelimit;

import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;

import dev.limiter.autoconfigure.ClientKey;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key limiters against what a review found: a reservation racing a key's eviction and
 * recreation, keys crafted to collide, saturated debts of dropped keys, resets, and key
 * values of unbounded size. Each test failed before its fix.
 *
 * @author The limiter authors
 */
class KeyedRateLimiterHostileInputTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private <K> KeyedRateLimiter<K> keyed(RateLimiterConfig config, long maxKeys, Duration idleExpiry) {
		return new KeyedRateLimiter<>(config, maxKeys, idleExpiry, this.time, Runnable::run);
	}

	@Test
	void reservationOnADroppedLimiterCountsAlsoWhenTheKeyWasRecreatedFirst() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1, Duration.ZERO), 1, Duration.ofMinutes(1));
		RateLimiter held = limiters.limiter("a");
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		// a second call for "a" arrives and recreates it
		RateLimiter recreated = limiters.limiter("a");
		// the first call now reserves on the limiter it looked up
		assertThat(held.tryAcquire()).isTrue();
		// same key, same instant, 1/s without burst: must be refused
		assertThat(recreated.tryAcquire()).as("second permit for key 'a' at the same instant").isFalse();
	}

	@Test
	void craftedUuidKeyDoesNotPassItsDebtToAnotherClient() {
		KeyedRateLimiter<Object> limiters = keyed(RateLimiterConfig.bursty(1, Duration.ZERO), 1,
				Duration.ofMinutes(10));
		UUID victim = UUID.fromString("3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c");
		UUID crafted = new UUID(victim.getMostSignificantBits() ^ 0x5555L, victim.getLeastSignificantBits() ^ 0x5555L);
		assertThat(crafted).isNotEqualTo(victim);
		// the attacker owes 40 s and is pushed out
		limiters.limiter(crafted).reserveNanos(40);
		limiters.limiter("other");
		limiters.cleanUp();
		assertThat(limiters.find(crafted)).isNull();
		// a first-time client that never called before
		assertThat(limiters.limiter(victim).queryWaitNanos(1)).as("wait of a brand-new key").isZero();
	}

	@Test
	void heldSaturatedKeyIsReopenedByRestoringTheRate() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1e-9, Duration.ZERO), 10,
				Duration.ofMinutes(10));
		// 10 permits at 1e-9/s: 1e19 ns owed, saturates
		limiters.limiter("kept").reserveNanos(10);
		limiters.setRate(1);
		assertThat(limiters.limiter("kept").queryWaitNanos(1)).isLessThanOrEqualTo(1_000_000_000L);
	}

	@Test
	void droppedSaturatedKeyIsReopenedByRestoringTheRate() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1e-9, Duration.ZERO), 1,
				Duration.ofMinutes(10));
		limiters.limiter("dropped").reserveNanos(10);
		limiters.limiter("x");
		limiters.cleanUp();
		assertThat(limiters.find("dropped")).isNull();
		limiters.setRate(1);
		assertThat(limiters.limiter("dropped").queryWaitNanos(1)).as("wait of the dropped key after setRate(1)")
			.isLessThanOrEqualTo(1_000_000_000L);
	}

	@Test
	void resetOfAKeyForgetsADebtRememberedFromAnEarlierEviction() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1, Duration.ZERO), 1,
				Duration.ofMinutes(10));
		limiters.limiter("a").reserveNanos(3600);
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.limiter("a").queryWaitNanos(1)).isPositive();
		// the operator resets the key
		assertThat(limiters.reset("a")).isTrue();
		assertThat(limiters.limiter("a").queryWaitNanos(1)).as("wait of key 'a' right after its reset").isZero();
	}

	@Test
	void hugeNumberKeyIsBounded() {
		Object key = ClientKey.of(new BigInteger("9".repeat(100_000)));
		assertThat(String.valueOf(key).length()).as("length of the retained key's text")
			.isLessThanOrEqualTo(ClientKey.MAX_LENGTH);
	}

}
