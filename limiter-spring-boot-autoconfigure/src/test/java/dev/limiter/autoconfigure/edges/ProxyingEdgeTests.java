package dev.limiter.autoconfigure.edges;

import dev.limiter.autoconfigure.FailureReports;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Limits are never silently off: whatever Spring Boot's AOP settings, annotated beans are
 * proxied, interface-based (JDK) proxies are checked at startup like class-based ones,
 * and a bean that still ends up unproxied fails startup.
 *
 * @author The limiter authors
 */
class ProxyingEdgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
				RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.rate-limits.search.rate=1");

	@ParameterizedTest
	@ValueSource(strings = { "spring.aop.auto=false", "spring.aop.proxy-target-class=false" })
	void limitsApplyWhateverBootsAopSettings(String property) {
		this.runner.withPropertyValues(property)
			.withBean(ClassSearch.class)
			.withBean(InterfaceSearch.class, InterfaceSearchImpl::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClassSearch byClass = context.getBean(ClassSearch.class);
				byClass.search("a");
				assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> byClass.search("b"));
				InterfaceSearch byInterface = context.getBean(InterfaceSearch.class);
				byInterface.search("alice", "a");
				assertThatExceptionOfType(RateLimitExceededException.class)
					.isThrownBy(() -> byInterface.search("alice", "b"));
			});
	}

	@Test
	void interfaceBasedProxyGetsTheStartupCheck() {
		// an auto-proxy creator of the application's own, making JDK proxies
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withInitializer((context) -> AopConfigUtils
				.registerAutoProxyCreatorIfNecessary((BeanDefinitionRegistry) context.getBeanFactory()))
			.withBean(InterfaceSearch.class, UnknownLimitImpl::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.contains("no rate limit is named 'serach'"));
	}

	@Test
	void keyExpressionSeesTheImplementationsParameterNamesBehindAJdkProxy() {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=false")
			.withBean(InterfaceSearch.class, InterfaceSearchImpl::new)
			.run((context) -> {
				InterfaceSearch search = context.getBean(InterfaceSearch.class);
				assertThat(AopUtils.isJdkDynamicProxy(search)).isTrue();
				// keyed by #user, a name only the implementation uses
				search.search("alice", "a");
				search.search("bob", "a");
				assertThatExceptionOfType(RateLimitExceededException.class)
					.isThrownBy(() -> search.search("alice", "b"));
			});
	}

	@Test
	void beanThatEndsUpUnproxiedFailsStartup() {
		this.runner.withInitializer((context) -> context.getBeanFactory().registerSingleton("raw", new ClassSearch()))
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.isEqualTo("Invalid rate limit at Bean 'raw' (" + ClassSearch.class.getName()
						+ "): it has @RateLimited methods but is not proxied with the @RateLimited advice, "
						+ "so calls to them would not be limited."));
	}

	@Test
	void classLevelLimitDoesNotLimitObjectMethods() {
		this.runner.withBean(ClassLevel.class).run((context) -> {
			ClassLevel bean = context.getBean(ClassLevel.class);
			bean.work();
			for (int i = 0; i < 3; i++) {
				assertThat(bean.toString()).isEqualTo("class-level");
			}
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(bean::work);
		});
	}

	static class ClassSearch {

		@RateLimited("search")
		String search(String query) {
			return query;
		}

	}

	interface InterfaceSearch {

		String search(String arg0, String query);

	}

	static class InterfaceSearchImpl implements InterfaceSearch {

		@Override
		@RateLimited(name = "search", key = "#user")
		public String search(String user, String query) {
			return query;
		}

	}

	static class UnknownLimitImpl implements InterfaceSearch {

		@Override
		@RateLimited("serach")
		public String search(String user, String query) {
			return query;
		}

	}

	@RateLimited("search")
	static class ClassLevel {

		void work() {
		}

		@Override
		public String toString() {
			return "class-level";
		}

	}

}
