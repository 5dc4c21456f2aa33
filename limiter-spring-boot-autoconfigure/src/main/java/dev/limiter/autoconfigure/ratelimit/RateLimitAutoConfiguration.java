package dev.limiter.autoconfigure.ratelimit;

import dev.limiter.autoconfigure.AnnotatedMethodsVerifier;
import dev.limiter.autoconfigure.CallScheduler;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.LimiterProperties;
import dev.limiter.autoconfigure.LimiterProxying;
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
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration for {@code @RateLimited}: the registry of limits from
 * {@code limiter.*}, and the advisor that limits annotated methods, with an auto-proxy
 * creator to apply it whatever Spring Boot's AOP settings ({@link LimiterProxying}), and
 * a startup check that every bean with annotated methods got it. Turned off with
 * {@code limiter.rate-limit.enabled=false}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(after = LimiterAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "limiter.rate-limit.enabled", matchIfMissing = true)
@Import(LimiterProxying.class)
public final class RateLimitAutoConfiguration {

	/** The advisor's bean name; define a bean of this name to replace it. */
	public static final String ADVISOR_BEAN_NAME = "rateLimitAdvisor";

	private static final RateLimitObserver NO_OBSERVER = (method, settings, limiter) -> {
	};

	@Bean
	@ConditionalOnMissingBean
	RateLimitRegistry rateLimitRegistry(LimiterProperties properties, TimeSource timeSource,
			ObjectProvider<RateLimiterFactory> stores) {
		return new RateLimitRegistry(properties.getRateLimits(), properties.getRateLimitDefaults(), timeSource,
				stores.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitedMethodResolver rateLimitedMethodResolver(RateLimitRegistry registry, Environment environment) {
		return new RateLimitedMethodResolver(registry, environment);
	}

	@Bean
	AnnotatedMethodsVerifier rateLimitedMethodsVerifier(ConfigurableListableBeanFactory beanFactory,
			RateLimitedMethodResolver resolver) {
		return new AnnotatedMethodsVerifier(beanFactory, "@RateLimited", ADVISOR_BEAN_NAME,
				RateLimitedMethodResolver::isRateLimited, resolver::resolve, InvalidRateLimitException::new);
	}

	@Bean(name = ADVISOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(name = ADVISOR_BEAN_NAME)
	static Advisor rateLimitAdvisor(Environment environment, ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<RateLimitedMethodResolver> resolver, ObjectProvider<TimeSource> timeSource,
			ObjectProvider<CallScheduler> scheduler, ObjectProvider<RateLimitObserver> observer) {
		RateLimitInterceptor interceptor = new RateLimitInterceptor(SingletonSupplier.of(resolver::getObject),
				SingletonSupplier.of(timeSource::getObject), SingletonSupplier.of(scheduler::getObject),
				// a no-op when there is none: SingletonSupplier caches no null, so a null
				// would be looked up again, under its lock, on every call
				SingletonSupplier.of(() -> observer.getIfAvailable(() -> NO_OBSERVER)),
				SingletonSupplier.of(() -> new BeanFactoryResolver(beanFactory)));
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new RateLimitedPointcut(), interceptor);
		advisor.setOrder(Binder.get(environment)
			.bindOrCreate("limiter.rate-limit", LimiterProperties.RateLimit.class)
			.getOrder());
		return advisor;
	}

}
