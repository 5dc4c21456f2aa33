package dev.limiter.autoconfigure.web;

import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitObserver;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of rate limits in a servlet web application: the {@code 429}
 * response (answered directly where nothing of the application's would handle the
 * rejection: {@code limiter.web.direct-rejections}) and the {@code RateLimit} fields on
 * admitted responses ({@code limiter.web.headers-on-admitted}).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = RateLimitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(RateLimitRegistry.class)
public final class RateLimitWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitExceptionHandler rateLimitExceptionHandler() {
		return new RateLimitExceptionHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "limiter.web.direct-rejections", matchIfMissing = true)
	RateLimitRejections rateLimitRejections(Environment environment) {
		return new RateLimitRejections(
				environment.getProperty("spring.mvc.log-resolved-exception", Boolean.class, false));
	}

	@Bean
	@ConditionalOnMissingBean(RateLimitObserver.class)
	@ConditionalOnBooleanProperty(name = "limiter.web.headers-on-admitted", matchIfMissing = true)
	ServletRateLimitHeaders servletRateLimitHeaders() {
		return new ServletRateLimitHeaders();
	}

}
