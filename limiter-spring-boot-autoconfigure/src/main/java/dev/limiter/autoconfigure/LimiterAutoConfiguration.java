package dev.limiter.autoconfigure;

import dev.limiter.core.TimeSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What rate limiting and retry share: the {@code limiter.*} properties, the check that
 * every key under {@code limiter.} is one of them, and the clock. Define your own
 * {@link TimeSource} bean (a {@code ManualTimeSource} in tests) to replace the system
 * clock.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(LimiterProperties.class)
public final class LimiterAutoConfiguration {

	/**
	 * Static, as a bean factory post-processor must be, so that it runs before this
	 * configuration or any limiter bean is made.
	 */
	@Bean
	static UnknownPropertiesVerifier limiterUnknownPropertiesVerifier(Environment environment) {
		return new UnknownPropertiesVerifier(environment, KnownProperties.of("limiter", LimiterProperties.class));
	}

	@Bean
	@ConditionalOnMissingBean
	TimeSource limiterTimeSource() {
		return TimeSource.system();
	}

}
