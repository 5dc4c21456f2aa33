package dev.limiter.autoconfigure.redis;

import java.time.Duration;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
import dev.limiter.autoconfigure.ratelimit.InvalidRateLimitException;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.OutagePolicy;
import dev.limiter.redis.RedisAvailability;
import dev.limiter.redis.RedisKeys;
import dev.limiter.redis.RedisRateLimiter;
import dev.limiter.redis.RedisStore;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the Redis store for limits with {@code store: redis}: when
 * limiter-redis and Spring Data Redis are on the class path and the application has a
 * {@link LettuceConnectionFactory} (Spring Boot's, from {@code spring.data.redis.*}, with
 * its default client). Limits stay in memory unless they ask for Redis.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = LimiterAutoConfiguration.class, before = RateLimitAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisRateLimiter.class, LettuceConnectionFactory.class })
@ConditionalOnBean(LettuceConnectionFactory.class)
public final class RateLimitRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisRateLimiterFactory redisRateLimiterFactory(LettuceConnectionFactory connectionFactory,
			LimiterProperties properties, TimeSource timeSource) {
		LimiterProperties.Redis redis = properties.getRedis();
		RedisAvailability availability = new RedisAvailability(timeSource,
				positive(redis.getRetryInterval(), "limiter.redis.retry-interval"));
		RedisKeys keys = keys(redis.getKeyPrefix());
		RedisStore store = new RedisStore(connectionFactory,
				positive(redis.getCommandTimeout(), "limiter.redis.command-timeout"), timeSource, availability,
				OutagePolicy.valueOf(redis.getOnFailure().name()), keys.changes());
		return new RedisRateLimiterFactory(store, keys,
				new ChangeSubscription(connectionFactory, store, redis.getRetryInterval()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		RedisStoreMetrics redisStoreMetrics(RedisRateLimiterFactory factory) {
			return new RedisStoreMetrics(factory.availability());
		}

	}

	private static RedisKeys keys(String prefix) {
		try {
			return new RedisKeys(prefix);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRateLimitException("limiter.redis.key-prefix", ex.getMessage(),
					"Use a prefix of at most 48 characters without braces, such as limiter:");
		}
	}

	private static Duration positive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidRateLimitException(property, "the duration " + duration + " is not positive",
					"Use a positive duration, such as 100ms");
		}
		return duration;
	}

}
