package dev.limiter.redis;

import java.time.Duration;
import java.util.List;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store at its edges, found in review: long debts through a rate change, a
 * change undone before a closed key is used, a client key forging another's digest, and
 * another instance's live rate in {@code config()}. Each failed before its fix.
 *
 * @author The limiter authors
 */
class RedisEdgeTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	private String key;

	@BeforeEach
	void freshKey(TestInfo test) {
		this.key = "review3:{" + test.getDisplayName() + "}";
		redis.template().delete(List.of(this.key, this.key + ":other", this.key + ":rate"));
	}

	private RateLimiter instance(String stateKey, RateLimiterConfig config) {
		return redis.store(this.time, new RedisAvailability(this.time, Duration.ofSeconds(1)), OutagePolicy.DENY)
			.limiter(stateKey, this.key + ":rate", config);
	}

	/**
	 * A debt between 2^53 ns (104 days) and the core's saturation is stored as 'closed'
	 * ("stricter than the core"), but any rate change then reopens it to one interval:
	 * the core keeps the 115 days owed.
	 */
	@Test
	void rateChangeForgivesADebtBeyond2To53Nanos() {
		RateLimiterConfig config = RateLimiterConfig.bursty(1, Duration.ofSeconds(1));
		RateLimiter core = RateLimiter.create(config, this.time);
		RateLimiter lua = instance(this.key, config);
		// 10^7 permits at 1/s: 10^16 ns (115 days) owed, over 2^53 ns but far from 2^63
		assertThat(lua.reserveNanos(10_000_000)).isEqualTo(core.reserveNanos(10_000_000));
		core.setRate(2);
		lua.setRate(2);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(core.tryAcquire()).as("core: still owes 115 days").isFalse();
		assertThat(lua.tryAcquire()).as("redis: as the core").isFalse();
	}

	/**
	 * The lazy rescale compares only the state's rate with the live rate: a rate change
	 * and back (10 -> 20 -> 10) while a closed client key is not used leaves that key
	 * closed for ever (its state is PERSISTed), where RateLimiter#setRate reopens it (at
	 * one interval of the rate in force then, 1 s).
	 */
	@Test
	void rateChangedAndBackReopensAClosedKey() {
		RateLimiterConfig config = RateLimiterConfig.bursty(1e-6, Duration.ofSeconds(1));
		RateLimiter core = RateLimiter.create(config, this.time);
		RateLimiter clientKey = instance(this.key, config);
		RateLimiter shared = instance(this.key + ":other", config);
		// 10^7 permits at 1e-6/s cost 10^22 ns: the core saturates too
		core.reserveNanos(10_000_000);
		clientKey.reserveNanos(10_000_000);
		assertThat(clientKey.queryWaitNanos(1)).isEqualTo(Long.MAX_VALUE);
		// the operator changes the rate and changes it back, through the shared limiter
		core.setRate(1);
		core.setRate(1e-6);
		shared.setRate(1);
		shared.setRate(1e-6);
		assertThat(core.queryWaitNanos(1)).as("core: reopened to one interval").isEqualTo(1_000_000_000L);
		this.time.advance(Duration.ofSeconds(1));
		assertThat(core.tryAcquire()).isTrue();
		// The key learns of the changes when it is next used, and reopens to one interval
		// at the rate then in force (the core reopened at the first change, to one
		// interval at 1/s): never closed for good, and never more permissive than the
		// core.
		assertThat(clientKey.queryWaitNanos(1)).as("redis: reopened").isEqualTo(1_000_000_000_000_000L);
	}

	/**
	 * RedisRateLimiter#config() says "another instance's live change shows once this one
	 * has made a call since"; it never does (config is only assigned in setRate), so the
	 * Actuator, headers and the LOCAL fallback keep the old rate.
	 */
	@Test
	void configShowsAnotherInstancesLiveChangeAfterACall() {
		RateLimiterConfig config = RateLimiterConfig.bursty(10, Duration.ofSeconds(1));
		RateLimiter first = instance(this.key, config);
		RateLimiter second = instance(this.key, config);
		first.setRate(20);
		second.tryAcquire();
		second.queryWaitNanos(1);
		assertThat(second.snapshot().permitsPerSecond()).isEqualTo(20);
		assertThat(second.config().permitsPerSecond()).isEqualTo(20);
	}

	/**
	 * A client key that is plain text equal to another key's digest form ("~" + 43 Base64
	 * characters fits in 48) lands on that other client's state: a client who can choose
	 * its key (an API-key header, X-Forwarded-For) can exhaust an IPv6 client's limit.
	 */
	@Test
	void plainClientKeyCannotCollideWithAnotherKeysDigest() {
		RedisKeys keys = new RedisKeys("limiter:");
		String victim = "2001:db8::7";
		String victimKey = keys.state("search", victim);
		String forged = victimKey.substring(victimKey.indexOf(":key:") + ":key:".length());
		assertThat(forged).startsWith("~").hasSizeLessThanOrEqualTo(48);
		assertThat(keys.state("search", forged)).isNotEqualTo(victimKey);
	}

}
