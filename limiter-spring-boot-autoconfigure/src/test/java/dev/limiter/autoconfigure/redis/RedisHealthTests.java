package dev.limiter.autoconfigure.redis;

import java.io.IOException;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.actuate.LimiterHealthIndicator;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.redis.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health asks Redis, so it is DOWN while Redis is stopped even before a rate-limited
 * call. Failed before its fix.
 *
 * @author The limiter authors
 */
class RedisHealthTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	@AfterEach
	void redisBack() throws IOException {
		redis.start();
	}

	@Test
	void healthIsDownWhileRedisIsStoppedEvenBeforeACall() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
					LimiterAutoConfiguration.class, RateLimitRedisAutoConfiguration.class,
					RateLimitAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=200ms", "limiter.rate-limits.shared.rate=1",
					"limiter.rate-limits.shared.store=redis")
			.run((context) -> {
				LimiterHealthIndicator health = new LimiterHealthIndicator(context.getBean(RateLimitRegistry.class),
						null);
				redis.stop();
				assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
			});
	}

}
