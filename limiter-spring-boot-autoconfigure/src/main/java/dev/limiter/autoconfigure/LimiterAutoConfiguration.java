package dev.limiter.autoconfigure;

import dev.limiter.core.TimeSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * What rate limiting and retry share: the {@code limiter.*} properties and the clock.
 * Define your own {@link TimeSource} bean (a {@code ManualTimeSource} in tests) to
 * replace the system clock.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration
@EnableConfigurationProperties(LimiterProperties.class)
public final class LimiterAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TimeSource limiterTimeSource() {
		return TimeSource.system();
	}

}
