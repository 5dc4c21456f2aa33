package dev.limiter.autoconfigure.ratelimit;

import dev.limiter.autoconfigure.AnnotatedMethodsVerifier;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
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
import org.springframework.context.annotation.Role;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration for {@code @RateLimited}: the registry of limits from
 * {@code limiter.*}, and the advisor that limits annotated methods. Turned off with
 * {@code limiter.rate-limit.enabled=false}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = LimiterAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "limiter.rate-limit.enabled", matchIfMissing = true)
public final class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitRegistry rateLimitRegistry(LimiterProperties properties, TimeSource timeSource) {
		return new RateLimitRegistry(properties.getRateLimits(), properties.getRateLimitDefaults(), timeSource);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitedMethodResolver rateLimitedMethodResolver(RateLimitRegistry registry, Environment environment) {
		return new RateLimitedMethodResolver(registry, environment);
	}

	@Bean
	AnnotatedMethodsVerifier rateLimitedMethodsVerifier(ConfigurableListableBeanFactory beanFactory,
			RateLimitedMethodResolver resolver) {
		return new AnnotatedMethodsVerifier(beanFactory, RateLimitedMethodResolver::isRateLimited, resolver::resolve);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = "rateLimitAdvisor")
	static Advisor rateLimitAdvisor(Environment environment, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<RateLimitedMethodResolver> resolver, ObjectProvider<TimeSource> timeSource,
			ObjectProvider<RateLimitObserver> observer) {
		RateLimitInterceptor interceptor = new RateLimitInterceptor(SingletonSupplier.of(resolver::getObject),
				SingletonSupplier.of(timeSource::getObject), SingletonSupplier.ofNullable(observer::getIfAvailable),
				SingletonSupplier.of(() -> new BeanFactoryResolver(beanFactory)));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new RateLimitedPointcut(), interceptor);
		advisor.setOrder(Binder.get(environment)
			.bindOrCreate("limiter.rate-limit", LimiterProperties.RateLimit.class)
			.getOrder());
		return advisor;
	}

}
