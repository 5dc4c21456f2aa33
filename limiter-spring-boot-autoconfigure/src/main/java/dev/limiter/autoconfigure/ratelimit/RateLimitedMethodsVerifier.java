package dev.limiter.autoconfigure.ratelimit;

import java.lang.reflect.Method;
import java.util.Set;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.util.ClassUtils;

/**
 * Reads every {@code @RateLimited} method of every bean once all singletons exist, so that an
 * invalid annotation fails startup instead of the first call, and the first call finds its limits
 * resolved.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
class RateLimitedMethodsVerifier implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final RateLimitedMethodResolver resolver;

	RateLimitedMethodsVerifier(ConfigurableListableBeanFactory beanFactory, RateLimitedMethodResolver resolver) {
		this.beanFactory = beanFactory;
		this.resolver = resolver;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type == null || type.getName().startsWith("org.springframework.")) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			Set<Method> methods = MethodIntrospector.selectMethods(userClass,
					(MethodIntrospector.MetadataLookup<Boolean>) (method) -> RateLimitedMethodResolver
						.isRateLimited(method, userClass) ? Boolean.TRUE : null)
				.keySet();
			for (Method method : methods) {
				try {
					this.resolver.resolve(method, userClass);
				}
				catch (InvalidRateLimitException ex) {
					throw new InvalidRateLimitException("Bean '" + beanName + "', " + ex.getSource(), ex.getProblem(),
							ex.getAction());
				}
			}
		}
	}

}
