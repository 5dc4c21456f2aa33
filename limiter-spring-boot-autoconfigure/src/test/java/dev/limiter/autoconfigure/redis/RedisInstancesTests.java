package dev.limiter.autoconfigure.redis;

import java.io.IOException;
import java.time.Duration;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.actuate.RateLimitsEndpoint;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.RealRedis;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one Redis through the auto-configuration: resets and rate changes made
 * through one reach what the other holds, reports and hears. Found by review (each test
 * failed before its fix).
 *
 * @author The limiter authors
 */
class RedisInstancesTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
					LimiterAutoConfiguration.class, RateLimitRedisAutoConfiguration.class,
					RateLimitAutoConfiguration.class))
			.withBean(Search.class)
			.withBean(TimeSource.class, () -> new ManualTimeSource(1_700_000_000_000_000_000L))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=200ms", "limiter.rate-limits.shared.rate=0.001",
					"limiter.rate-limits.shared.store=redis", "limiter.rate-limits.perclient.rate=0.001",
					"limiter.rate-limits.perclient.store=redis");
	}

	@AfterEach
	void redisBack() throws IOException {
		redis.start();
		redis.template().delete(redis.template().keys("limiter:*"));
	}

	@Test
	void keyResetOnAnInstanceThatDoesNotHoldTheKeyResetsItInRedis() {
		runner().run((first) -> runner().run((second) -> {
			Search one = first.getBean(Search.class);
			one.perClient("10.0.0.7");
			assertThat(outcome(() -> one.perClient("10.0.0.7"))).isEqualTo("rejected");
			// the operator's DELETE ...?key= lands on the other instance (a load
			// balancer)
			RateLimitsEndpoint.RateLimitDescriptor answer = new RateLimitsEndpoint(
					second.getBean(RateLimitRegistry.class))
				.reset("perclient", "10.0.0.7");
			assertThat(redis.template().hasKey("limiter:{perclient}:key:10.0.0.7"))
				.as("the key's shared state in Redis was reset")
				.isFalse();
			assertThat(answer).as("not a 404: the key is known to the service").isNotNull();
		}));
	}

	@Test
	void limitResetOnAnInstanceForgetsKeysHeldOnlyByAnother() {
		runner().run((first) -> runner().run((second) -> {
			Search one = first.getBean(Search.class);
			one.perClient("10.0.0.7");
			assertThat(outcome(() -> one.perClient("10.0.0.7"))).isEqualTo("rejected");
			// README: "reset: cold again, keys forgotten", wherever a key was last used
			new RateLimitsEndpoint(second.getBean(RateLimitRegistry.class)).reset("perclient", null);
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.alias("the first instance hears the reset, and Redis counts the key state as none")
				.until(() -> outcome(() -> one.perClient("10.0.0.7")).equals("admitted"));
		}));
	}

	@Test
	void instanceStartedWhileRedisWasDownHearsChangesOnceRedisIsBack() throws IOException {
		redis.stop();
		runner().run((second) -> {
			redis.start();
			runner().run((first) -> {
				ManualTimeSource secondTime = (ManualTimeSource) second.getBean(TimeSource.class);
				// past the retry interval of the outage the startup saw
				secondTime.advance(Duration.ofMinutes(1));
				Search other = second.getBean(Search.class);
				assertThat(outcome(other::shared)).isEqualTo("admitted");
				assertThat(outcome(other::shared)).as("one call in 1,000 s, repeated locally").isEqualTo("rejected");
				// the second instance subscribes on its own thread once Redis is back
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> redis.subscribers(RealRedis.CHANGES) == 2);
				new RateLimitsEndpoint(first.getBean(RateLimitRegistry.class)).reset("shared", null);
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> outcome(other::shared).equals("admitted"));
			});
		});
	}

	@Test
	void endpointOfAnInstanceReportsARateChangedOnAnother() {
		runner().run((first) -> runner().run((second) -> {
			Search other = second.getBean(Search.class);
			other.shared();
			new RateLimitsEndpoint(first.getBean(RateLimitRegistry.class)).setRate("shared", 50);
			// the second instance takes the live rate on at its next call to Redis
			assertThat(second.getBean(RateLimitRegistry.class).find("shared").shared().tryAcquire()).isFalse();
			RateLimitsEndpoint.RateLimitDescriptor described = new RateLimitsEndpoint(
					second.getBean(RateLimitRegistry.class))
				.rateLimit("shared", null);
			assertThat(described.state().permitsPerSecond()).as("state, read from Redis").isEqualTo(50);
			assertThat(second.getBean(RateLimitRegistry.class).find("shared").shared().config().permitsPerSecond())
				.as("the limiter's config()")
				.isEqualTo(50);
			assertThat(described.config().rate()).as("config: 'including a rate changed at run time'").isEqualTo(50);
		}));
	}

	private static String outcome(Runnable call) {
		try {
			call.run();
			return "admitted";
		}
		catch (RateLimitExceededException ex) {
			return "rejected";
		}
	}

	static class Search {

		@RateLimited("shared")
		void shared() {
		}

		@RateLimited(name = "perclient", key = "#client")
		void perClient(String client) {
		}

	}

}
