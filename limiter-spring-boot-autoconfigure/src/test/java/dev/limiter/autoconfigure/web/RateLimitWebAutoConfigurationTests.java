package dev.limiter.autoconfigure.web;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitWebAutoConfiguration}'s conditions.
 *
 * @author The limiter authors
 */
class RateLimitWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class,
				RateLimitWebAutoConfiguration.class));

	@Test
	void servletApplicationGetsThe429HandlerAndTheHeaders() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RateLimitExceptionHandler.class)
			.hasSingleBean(ServletRateLimitHeaders.class));
	}

	@Test
	void headersOnAdmittedResponsesCanBeTurnedOff() {
		this.runner.withPropertyValues("limiter.web.headers-on-admitted=false")
			.run((context) -> assertThat(context).hasSingleBean(RateLimitExceptionHandler.class)
				.doesNotHaveBean(RateLimitObserver.class));
	}

	@Test
	void withoutSpringMvcOnTheClassPathThereIsNoWebPart() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitExceptionHandler.class));
	}

	@Test
	void nonWebApplicationHasNoWebPart() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class,
					RateLimitWebAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitExceptionHandler.class));
	}

	@Test
	void usersObserverWins() {
		RateLimitObserver own = (method, settings, limiter) -> {
		};
		this.runner.withBean(RateLimitObserver.class, () -> own)
			.run((context) -> assertThat(context).getBean(RateLimitObserver.class).isSameAs(own));
	}

}
