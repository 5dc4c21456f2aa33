package dev.limiter.autoconfigure.retry;

import java.util.function.Predicate;

import dev.limiter.autoconfigure.AnnotatedMethodsVerifier;
import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
import dev.limiter.autoconfigure.LimiterProxying;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.core.TimeSource;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration for {@code @Retried}: the registry of retry policies from
 * {@code limiter.*}, and the advisor that retries annotated methods. Turned off with
 * {@code limiter.retry.enabled=false}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = { LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "limiter.retry.enabled", matchIfMissing = true)
@Import(LimiterProxying.class)
public final class RetryAutoConfiguration {

	/** The advisor's bean name; define a bean of this name to replace it. */
	public static final String ADVISOR_BEAN_NAME = "retryAdvisor";

	@Bean
	@ConditionalOnMissingBean
	RetryPolicyRegistry retryPolicyRegistry(LimiterProperties properties, TimeSource timeSource,
			ConfigurableListableBeanFactory beanFactory) {
		return new RetryPolicyRegistry(properties.getRetries(), properties.getRetryDefaults(), timeSource,
				(name) -> beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, Predicate.class)
						? asPredicate(beanFactory.getBean(name)) : null);
	}

	@Bean
	@ConditionalOnMissingBean
	RetriedMethodResolver retriedMethodResolver(RetryPolicyRegistry registry, Environment environment) {
		return new RetriedMethodResolver(registry, environment);
	}

	@Bean
	AnnotatedMethodsVerifier retriedMethodsVerifier(ConfigurableListableBeanFactory beanFactory,
			RetriedMethodResolver resolver) {
		return new AnnotatedMethodsVerifier(beanFactory, "@Retried", ADVISOR_BEAN_NAME,
				RetriedMethodResolver::isRetried, resolver::resolve, InvalidRetryPolicyException::new);
	}

	@Bean(name = ADVISOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = ADVISOR_BEAN_NAME)
	static Advisor retryAdvisor(Environment environment, ObjectProvider<RetriedMethodResolver> resolver,
			ObjectProvider<TimeSource> timeSource, ObjectProvider<CallScheduler> scheduler) {
		RetryInterceptor interceptor = new RetryInterceptor(SingletonSupplier.of(resolver::getObject),
				SingletonSupplier.of(timeSource::getObject), SingletonSupplier.of(scheduler::getObject));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new RetriedPointcut(), interceptor);
		advisor
			.setOrder(Binder.get(environment).bindOrCreate("limiter.retry", LimiterProperties.Retry.class).getOrder());
		return advisor;
	}

	/**
	 * A {@code Predicate} bean is taken to be a {@code Predicate<Throwable>}; a lambda
	 * bean carries no generics.
	 */
	@SuppressWarnings("unchecked")
	private static Predicate<Throwable> asPredicate(Object bean) {
		return (Predicate<Throwable>) bean;
	}

}
