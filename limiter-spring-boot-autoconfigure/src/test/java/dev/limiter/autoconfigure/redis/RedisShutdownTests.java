package dev.limiter.autoconfigure.redis;

import java.time.Duration;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.redis.RealRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutting down an application whose limits are in Redis, with a pooled Lettuce
 * connection factory (what an application with commons-pool2 on its class path gets): the
 * subscription to rate limit changes ends before the connections go, so nothing is logged
 * as leaked or returned twice.
 *
 * @author The limiter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisShutdownTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	@Test
	void subscriptionEndsBeforeThePooledConnectionsClose(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
					LimiterAutoConfiguration.class, RateLimitRedisAutoConfiguration.class,
					RateLimitAutoConfiguration.class))
			.withBean(Search.class)
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.lettuce.pool.enabled=true", "limiter.rate-limits.shared.rate=0.001",
					"limiter.rate-limits.shared.store=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(Search.class).shared();
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> subscribers("limiter:changes") == 1);
			});
		assertThat(subscribers("limiter:changes")).isZero();
		assertThat(output).doesNotContain("unreleased connections").doesNotContain("Unable to unsubscribe");
	}

	private static long subscribers(String channel) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
		}
		finally {
			client.shutdown();
		}
	}

	static class Search {

		@RateLimited("shared")
		String shared() {
			return "found";
		}

	}

}
