package dev.limiter.autoconfigure.edges;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The startup check that annotated beans are proxied does not refuse legitimate beans:
 * prototype-scoped, lazy and prototype beans, FactoryBean products; rate limiting off
 * with retry on; and JDK proxies stay JDK proxies when asked for.
 *
 * @author The limiter authors
 */
class VerifierAcceptsLegitimateBeansTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.rate-limits.paced.rate=1", "limiter.rate-limits.paced.max-burst=0s");

	@Test
	void scopedLazyPrototypeAndFactoryBeansStart() {
		this.runner.withUserConfiguration(Beans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			Limited scoped = context.getBean("scoped", Limited.class);
			scoped.call();
			assertThatCode(scoped::call).isInstanceOf(RateLimitExceededException.class);
		});
	}

	@Test
	void retryOnlyWithRateLimitingOffStarts() {
		this.runner.withPropertyValues("limiter.rate-limit.enabled=false")
			.withBean(Both.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void jdkProxiesStillWhenAsked() {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean("iface", Iface.class, IfaceImpl::new)
			.run((context) -> assertThat(
					org.springframework.aop.support.AopUtils.isJdkDynamicProxy(context.getBean(Iface.class)))
				.isTrue());
	}

	interface Iface {

		void call();

	}

	static class IfaceImpl implements Iface {

		@Override
		@RateLimited("paced")
		public void call() {
		}

	}

	static class Both {

		@RateLimited("paced")
		@Retried(maxAttempts = "2")
		public void call() {
		}

	}

	public static class Limited {

		@RateLimited("paced")
		public void call() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		@Scope(value = "prototype", proxyMode = ScopedProxyMode.TARGET_CLASS)
		Limited scoped() {
			return new Limited();
		}

		@Bean
		@Lazy
		Limited lazy() {
			return new Limited();
		}

		@Bean
		@Scope("prototype")
		Limited prototype() {
			return new Limited();
		}

		@Bean
		FactoryBean<Limited> product() {
			return new FactoryBean<>() {

				@Override
				public Limited getObject() {
					return new Limited();
				}

				@Override
				public Class<?> getObjectType() {
					return Limited.class;
				}

			};
		}

	}

}
