package dev.limiter.autoconfigure.ratelimit;

import java.io.IOException;
import java.time.Duration;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.actuate.RateLimitsEndpoint;
import dev.limiter.autoconfigure.redis.RateLimitRedisAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key reset of a Redis limit reaching an instance that dropped the key earlier also
 * forgives the debt this instance remembered for it, which its outage fallback would
 * otherwise start from. Found by review (failed before the fix).
 *
 * @author The limiter authors
 */
class RedisKeyResetTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
					LimiterAutoConfiguration.class, RateLimitRedisAutoConfiguration.class,
					RateLimitAutoConfiguration.class))
			.withBean(TimeSource.class, () -> new ManualTimeSource(1_700_000_000_000_000_000L))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=200ms", "limiter.redis.on-failure=local",
					"limiter.rate-limits.perclient.rate=0.001", "limiter.rate-limits.perclient.max-burst=0s",
					"limiter.rate-limits.perclient.key-idle-expiry=1m", "limiter.rate-limits.perclient.store=redis");
	}

	@AfterEach
	void redisBack() throws IOException {
		redis.start();
		redis.template().delete(redis.template().keys("limiter:*"));
	}

	/**
	 * README: "An operator's reset of one key (DELETE ...?key=) forgets what the key
	 * owed, also a debt remembered from an earlier eviction". Under Redis the reset of a
	 * key that was dropped here now answers 200, but the debt this instance remembered
	 * for it (its outage fallback's) is not forgiven.
	 */
	@Test
	void keyResetOfADroppedKeyForgivesItsRememberedDebt() {
		runner().run((context) -> {
			ManualTimeSource time = (ManualTimeSource) context.getBean(TimeSource.class);
			RegisteredRateLimit limit = context.getBean(RateLimitRegistry.class).find("perclient");
			assertThat(limit.forKey("10.0.0.7").tryAcquire()).isTrue();
			assertThat(limit.forKey("10.0.0.7").tryAcquire()).as("owes 1,000 s").isFalse();
			// idle past key-idle-expiry: dropped here, its debt remembered locally
			time.advance(Duration.ofMinutes(2));
			limit.keyed().cleanUp();
			assertThat(limit.keyed().find("10.0.0.7")).isNull();
			// control: a key still held, reset the same way
			assertThat(limit.forKey("10.0.0.8").tryAcquire()).isTrue();
			RateLimitsEndpoint endpoint = new RateLimitsEndpoint(context.getBean(RateLimitRegistry.class));
			assertThat(endpoint.reset("perclient", "10.0.0.8")).isNotNull();
			assertThat(endpoint.reset("perclient", "10.0.0.7")).as("200: the key's Redis state was reset").isNotNull();
			redis.stop();
			assertThat(limit.forKey("10.0.0.8").tryAcquire()).as("held key, reset, during the outage").isTrue();
			assertThat(limit.forKey("10.0.0.7").tryAcquire()).as("dropped key, reset, during the outage").isTrue();
		});
	}

}
