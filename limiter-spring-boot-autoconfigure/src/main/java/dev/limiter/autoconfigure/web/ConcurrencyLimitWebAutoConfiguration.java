package dev.limiter.autoconfigure.web;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitAutoConfiguration;
import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of caps on calls in flight in a servlet web application: the
 * {@code 503} response.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = ConcurrencyLimitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(ConcurrencyLimitRegistry.class)
public final class ConcurrencyLimitWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConcurrencyLimitExceptionHandler concurrencyLimitExceptionHandler() {
		return new ConcurrencyLimitExceptionHandler();
	}

}
