package dev.limiter.autoconfigure.redis;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.OutagePolicy;
import dev.limiter.redis.RedisAvailability;
import dev.limiter.redis.RedisKeys;
import dev.limiter.redis.RedisRateLimiter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Auto-configuration of the Redis store for limits with {@code store: redis}: when
 * limiter-redis and Spring Data Redis are on the class path and the application has a
 * {@link RedisConnectionFactory} (Spring Boot's, from {@code spring.data.redis.*}).
 * Limits stay in memory unless they ask for Redis.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = LimiterAutoConfiguration.class, before = RateLimitAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisRateLimiter.class, StringRedisTemplate.class })
@ConditionalOnBean(RedisConnectionFactory.class)
public final class RateLimitRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisRateLimiterFactory redisRateLimiterFactory(RedisConnectionFactory connectionFactory,
			LimiterProperties properties, TimeSource timeSource) {
		LimiterProperties.Redis redis = properties.getRedis();
		return new RedisRateLimiterFactory(new StringRedisTemplate(connectionFactory),
				new RedisKeys(redis.getKeyPrefix()), timeSource,
				new RedisAvailability(timeSource, redis.getRetryInterval()),
				OutagePolicy.valueOf(redis.getOnFailure().name()));
	}

}
