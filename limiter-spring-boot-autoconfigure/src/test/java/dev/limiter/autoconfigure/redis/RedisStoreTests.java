package dev.limiter.autoconfigure.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.limiter.autoconfigure.FailureReports;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.actuate.LimiterHealthIndicator;
import dev.limiter.autoconfigure.actuate.RateLimitsEndpoint;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimitStore;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.RealRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code store: redis} through the auto-configuration, on a real Redis: two application
 * contexts (two instances of a service) share one limit, limits without it stay in
 * memory, health goes DOWN while Redis is stopped, and a limit that asks for Redis in an
 * application without it fails startup.
 *
 * @author The limiter authors
 */
class RedisStoreTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
					LimiterAutoConfiguration.class, RateLimitRedisAutoConfiguration.class,
					RateLimitAutoConfiguration.class))
			.withBean(Search.class)
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.timeout=200ms", "limiter.rate-limits.shared.rate=0.001",
					"limiter.rate-limits.shared.store=redis", "limiter.rate-limits.local.rate=0.001");
	}

	@AfterEach
	void redisBack() throws IOException {
		redis.start();
		redis.template().delete(redis.template().keys("limiter:*"));
	}

	@Test
	void twoInstancesShareALimitInRedisAndKeepOthersInMemory() {
		runner().run((first) -> runner().run((second) -> {
			Search one = first.getBean(Search.class);
			Search other = second.getBean(Search.class);
			one.shared();
			// one permit in 1,000 s for the whole service: the other instance is refused
			assertThat(outcome(other::shared)).isEqualTo("rejected");
			// a memory limit: each instance has its own
			one.local();
			assertThat(outcome(other::local)).isEqualTo("admitted");
			assertThat(first.getBean(RateLimitRegistry.class).find("shared").settings().store())
				.isEqualTo(RateLimitStore.REDIS);
			assertThat(redis.template().hasKey("limiter:{shared}:shared")).isTrue();
		}));
	}

	@Test
	void resetOnOneInstanceEndsTheOthersLocalRejections() {
		// frozen instance clocks: only the announcement, never time, can end the
		// rejections the second instance repeats locally
		ApplicationContextRunner runner = runner().withBean(TimeSource.class,
				() -> new ManualTimeSource(1_700_000_000_000_000_000L));
		runner.run((first) -> runner.run((second) -> {
			Search other = second.getBean(Search.class);
			other.shared();
			assertThat(outcome(other::shared)).as("one call in 1,000 s, repeated locally").isEqualTo("rejected");
			new RateLimitsEndpoint(first.getBean(RateLimitRegistry.class)).reset("shared", null);
			// the reset reaches the second instance through Redis pub/sub
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outcome(other::shared).equals("admitted"));
		}));
	}

	@Test
	void healthIsDownWhileRedisCannotBeReached() throws IOException {
		runner().run((context) -> {
			LimiterHealthIndicator health = new LimiterHealthIndicator(context.getBean(RateLimitRegistry.class), null);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			assertThat(health.health(true).getDetails()).containsEntry("store", "memory, redis");
			redis.stop();
			// under the default policy (local) the call is limited in memory meanwhile
			assertThat(outcome(context.getBean(Search.class)::shared)).isEqualTo("admitted");
			assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.health(true).getDetails()).containsKey("redis");
			RateLimitsEndpoint endpoint = new RateLimitsEndpoint(context.getBean(RateLimitRegistry.class));
			assertThat(endpoint.rateLimit("shared", null).storeOutage()).startsWith("Redis cannot be reached (")
				.endsWith("calls follow limiter.redis.on-failure: local until it answers");
			assertThat(endpoint.rateLimit("local", null).storeOutage()).isNull();
		});
	}

	@Test
	void outageIsCountedAndShownInMetersUntilRedisAnswersAgain() throws IOException {
		runner().run((context) -> {
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(RedisStoreMetrics.class).bindTo(meters);
			Search search = context.getBean(Search.class);
			search.shared();
			assertThat(meters.get("limiter.redis.down").gauge().value()).isZero();
			redis.stop();
			outcome(search::shared);
			outcome(search::shared);
			assertThat(meters.get("limiter.redis.down").gauge().value()).isOne();
			assertThat(meters.get("limiter.redis.outages").functionCounter().count()).isOne();
			assertThat(meters.get("limiter.redis.failures").functionCounter().count())
				.as("the second call skipped Redis within the retry interval")
				.isOne();
			redis.start();
			assertThat(context.getBean(RedisRateLimiterFactory.class).unavailable()).isNull();
			assertThat(meters.get("limiter.redis.down").gauge().value()).isZero();
			assertThat(meters.get("limiter.redis.outages").functionCounter().count()).isOne();
		});
	}

	@Test
	void firstCallAfterStartupOnAHealthyRedisIsNoOutage() {
		// the first use of a connection in a fresh JVM costs more than the command
		// timeout;
		// startup pays it, not the first call
		runner().withPropertyValues("limiter.redis.on-failure=deny").run((context) -> {
			context.getBean(Search.class).shared();
			RedisRateLimiterFactory factory = context.getBean(RedisRateLimiterFactory.class);
			assertThat(factory.availability().reason()).as("why Redis was taken for down").isNull();
			assertThat(factory.availability().outages()).isZero();
		});
	}

	@Test
	void badRedisSettingsFailStartupNamingTheProperty() {
		runner().withPropertyValues("limiter.redis.command-timeout=0s")
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.isEqualTo("Invalid rate limit at limiter.redis.command-timeout: the duration PT0S is not positive."));
		runner().withPropertyValues("limiter.redis.retry-interval=-1s")
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.isEqualTo("Invalid rate limit at limiter.redis.retry-interval: the duration PT-1S is not positive."));
		runner().withPropertyValues("limiter.redis.key-prefix={tenant}:")
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.startsWith("Invalid rate limit at limiter.redis.key-prefix: prefix ('{tenant}:') must be"));
	}

	@Test
	void redisLimitWithoutARedisConnectionFailsStartup() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
					RateLimitRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
			.withPropertyValues("limiter.rate-limits.shared.rate=1", "limiter.rate-limits.shared.store=redis")
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.isEqualTo("Invalid rate limit at limiter.rate-limits.shared.store: the store redis is chosen, "
						+ "but the application has no Lettuce Redis connection."));
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

		@RateLimited("local")
		void local() {
		}

	}

}
