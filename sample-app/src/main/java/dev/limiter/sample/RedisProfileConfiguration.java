package dev.limiter.sample;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * In the {@code redis} profile, Lettuce refuses commands at once while disconnected
 * instead of queueing them (its default), so that with Redis gone health checks and other
 * commands fail within {@code spring.data.redis.timeout} rather than hang; rate limits
 * fall back as {@code limiter.redis.on-failure} says. What the README advises for any
 * application on the Redis store.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Profile("redis")
class RedisProfileConfiguration {

	@Bean
	LettuceClientConfigurationBuilderCustomizer rejectCommandsWhileDisconnected() {
		return (builder) -> builder.clientOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
	}

}
