package dev.limiter.redis;

import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The epoch that a reset of a whole limit moves on, against an operator deleting the
 * limit's rate key by hand (to drop a live rate change): neither forgives nor brings back
 * a key's state. Found by review (both failed while the epoch was a counter kept in the
 * rate key).
 *
 * @author The limiter authors
 */
class RedisResetEpochTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private static final String SHARED = "rev:{e}:shared";

	private static final String KEY = "rev:{e}:key:k";

	private static final String RATE = "rev:{e}:rate";

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	private RedisStore store;

	@BeforeEach
	void setUp() {
		redis.template().delete(redis.template().keys("rev*"));
		this.store = redis.store(this.time, new RedisAvailability(this.time, Duration.ofSeconds(1)), OutagePolicy.DENY);
	}

	private RedisRateLimiter key() {
		return this.store.limiter(KEY, RATE, RateLimiterConfig.bursty(0.001, Duration.ZERO));
	}

	@Test
	void aResetOfTheWholeLimitAfterTheRateKeyWasDeletedDoesNotBringBackAnOldDebt() {
		// an earlier reset of the limit: epoch 1
		this.store.resetAll(SHARED, RATE);
		RedisRateLimiter key = key();
		assertThat(key.tryAcquire()).isTrue();
		assertThat(key.tryAcquire()).as("owes 1,000 s").isFalse();
		// the operator drops a live rate change by hand, as README says (DEL the :rate
		// key)
		redis.template().delete(RATE);
		// later, the operator resets the whole limit: every key's state must count as
		// none
		this.store.resetAll(SHARED, RATE);
		this.time.advance(Duration.ofSeconds(2));
		assertThat(key().tryAcquire()).as("the key after a reset of the whole limit").isTrue();
	}

	@Test
	void deletingTheRateKeyToDropALiveRateChangeDoesNotForgiveEveryKey() {
		this.store.resetAll(SHARED, RATE);
		RedisRateLimiter key = key();
		key.setRate(0.002);
		key.setRate(0.001);
		assertThat(key.tryAcquire()).isTrue();
		assertThat(key.tryAcquire()).as("owes 1,000 s").isFalse();
		// dropping the live rate (README: the :rate key lives 'until removed by hand
		// (DEL)')
		redis.template().delete(RATE);
		this.time.advance(Duration.ofSeconds(2));
		assertThat(key().tryAcquire()).as("still owes ~998 s: only the live rate was removed").isFalse();
	}

}
