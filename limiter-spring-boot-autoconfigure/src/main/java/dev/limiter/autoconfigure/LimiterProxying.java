package dev.limiter.autoconfigure;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator exists, so that the limiter's advisors are applied
 * whatever Spring Boot's AOP settings are. Boot registers none with
 * {@code spring.aop.auto=false}, nor with {@code spring.aop.proxy-target-class=false}
 * when AspectJ is not on the class path; without one, every {@code @RateLimited} and
 * {@code @Retried} method would run unlimited.
 *
 * <p>
 * This is what {@code @EnableTransactionManagement} and {@code @EnableCaching} do: it
 * registers Spring's infrastructure auto-proxy creator only if no (more capable) creator
 * is registered, and it applies advisors in their order, so retry, rate limit and
 * {@code @Transactional} nest as documented. (An advising bean post-processor, as
 * {@code @EnableAsync} uses, would add our advice first or last regardless of order.) It
 * uses class-based proxies unless {@code spring.aop.proxy-target-class=false}, as Spring
 * Boot does.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class LimiterProxying implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private boolean proxyTargetClass = true;

	@Override
	public void setEnvironment(Environment environment) {
		this.proxyTargetClass = Binder.get(environment)
			.bind("spring.aop.proxy-target-class", Boolean.class)
			.orElse(true);
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
		if (this.proxyTargetClass) {
			AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
		}
	}

}
