package dev.limiter.autoconfigure.concurrency;

import dev.limiter.autoconfigure.AnnotatedMethodsVerifier;
import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
import dev.limiter.autoconfigure.LimiterProxying;
import dev.limiter.core.TimeSource;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration for {@code @ConcurrencyLimited}: the caps from
 * {@code limiter.concurrency-limits}, the advisor that holds a slot for each call, with
 * the auto-proxy creator of {@link LimiterProxying}, and a startup check that every bean
 * with annotated methods got it. Turned off with
 * {@code limiter.concurrency-limit.enabled=false}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = LimiterAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "limiter.concurrency-limit.enabled", matchIfMissing = true)
@Import(LimiterProxying.class)
public final class ConcurrencyLimitAutoConfiguration {

	/** The advisor's bean name; define a bean of this name to replace it. */
	public static final String ADVISOR_BEAN_NAME = "concurrencyLimitAdvisor";

	@Bean
	@ConditionalOnMissingBean
	ConcurrencyLimitRegistry concurrencyLimitRegistry(LimiterProperties properties, TimeSource timeSource) {
		return new ConcurrencyLimitRegistry(properties.getConcurrencyLimits(), timeSource);
	}

	@Bean
	@ConditionalOnMissingBean
	ConcurrencyLimitedMethodResolver concurrencyLimitedMethodResolver(ConcurrencyLimitRegistry registry) {
		return new ConcurrencyLimitedMethodResolver(registry);
	}

	@Bean
	AnnotatedMethodsVerifier concurrencyLimitedMethodsVerifier(ConfigurableListableBeanFactory beanFactory,
			ConcurrencyLimitedMethodResolver resolver) {
		return new AnnotatedMethodsVerifier(beanFactory, "@ConcurrencyLimited", ADVISOR_BEAN_NAME,
				ConcurrencyLimitedMethodResolver::isConcurrencyLimited, resolver::resolve,
				InvalidConcurrencyLimitException::new);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class Metrics {

		@Bean
		@ConditionalOnMissingBean
		ConcurrencyLimitMetrics concurrencyLimitMetrics(ConcurrencyLimitRegistry registry) {
			return new ConcurrencyLimitMetrics(registry);
		}

	}

	@Bean(name = ADVISOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = ADVISOR_BEAN_NAME)
	static Advisor concurrencyLimitAdvisor(Environment environment, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<ConcurrencyLimitedMethodResolver> resolver, ObjectProvider<CallScheduler> scheduler) {
		ConcurrencyLimitInterceptor interceptor = new ConcurrencyLimitInterceptor(
				SingletonSupplier.of(resolver::getObject), SingletonSupplier.of(scheduler::getObject),
				SingletonSupplier.of(() -> new BeanFactoryResolver(beanFactory)));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new ConcurrencyLimitedPointcut(), interceptor);
		advisor.setOrder(Binder.get(environment)
			.bindOrCreate("limiter.concurrency-limit", LimiterProperties.ConcurrencyLimit.class)
			.getOrder());
		return advisor;
	}

}
