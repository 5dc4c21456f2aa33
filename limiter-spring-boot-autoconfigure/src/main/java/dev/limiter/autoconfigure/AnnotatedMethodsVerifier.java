package dev.limiter.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.util.ClassUtils;

/**
 * Checks every annotated method of every bean once all singletons exist, so that an
 * invalid annotation or a limit that would silently not apply fails startup instead of
 * showing at the first call (or never). Spring's own classes are skipped.
 *
 * <ul>
 * <li>Each annotated method is read and checked, so the first call finds it resolved. The
 * class looked at is the bean's own, also behind a JDK (interface-based) proxy.</li>
 * <li>Each singleton with annotated methods must be a proxy that carries the advisor: one
 * that is not (the proxying was switched off, or the bean was made in a way that no proxy
 * can wrap) would run its methods unlimited.</li>
 * </ul>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class AnnotatedMethodsVerifier implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final String annotation;

	private final String advisorBeanName;

	private final BiPredicate<Method, Class<?>> annotated;

	private final BiConsumer<Method, Class<?>> resolve;

	private final InlineValues.Failure failure;

	/**
	 * Creates a verifier.
	 * @param beanFactory the beans to look through
	 * @param annotation the annotation, as messages name it: {@code @RateLimited}
	 * @param advisorBeanName the bean name of the advisor that applies it
	 * @param annotated whether a method, called on a class, carries the annotation
	 * @param resolve reads and checks the annotation, throwing
	 * {@link InvalidConfigurationException} if it is invalid
	 * @param failure makes the exception for a bean that is not proxied
	 */
	public AnnotatedMethodsVerifier(ConfigurableListableBeanFactory beanFactory, String annotation,
			String advisorBeanName, BiPredicate<Method, Class<?>> annotated, BiConsumer<Method, Class<?>> resolve,
			InlineValues.Failure failure) {
		this.beanFactory = beanFactory;
		this.annotation = annotation;
		this.advisorBeanName = advisorBeanName;
		this.annotated = annotated;
		this.resolve = resolve;
		this.failure = failure;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Advisor advisor = this.beanFactory.getBean(this.advisorBeanName, Advisor.class);
		// bean definitions and singletons registered directly, without initializing
		// anything lazy
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, true, false)) {
			Class<?> userClass = userClass(beanName);
			if (userClass == null || userClass.getName().startsWith("org.springframework.")) {
				continue;
			}
			Set<Method> methods = MethodIntrospector.selectMethods(userClass,
					(MethodIntrospector.MetadataLookup<Boolean>) (method) -> this.annotated.test(method, userClass)
							? Boolean.TRUE : null)
				.keySet();
			for (Method method : methods) {
				try {
					this.resolve.accept(method, userClass);
				}
				catch (InvalidConfigurationException ex) {
					throw ex.withSourcePrefix("Bean '" + beanName + "', ");
				}
			}
			if (!methods.isEmpty()) {
				checkProxied(beanName, userClass, advisor);
			}
		}
	}

	/**
	 * The class whose methods the bean's calls reach: what the auto-proxy creator
	 * recorded as the target, or the class behind a JDK proxy, or the type itself without
	 * CGLIB's subclass.
	 */
	private @Nullable Class<?> userClass(String beanName) {
		Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
		if (type == null) {
			return null;
		}
		if (Proxy.isProxyClass(type) && this.beanFactory.containsSingleton(beanName)) {
			Object bean = this.beanFactory.getSingleton(beanName);
			type = (bean != null) ? AopProxyUtils.ultimateTargetClass(bean) : type;
		}
		return ClassUtils.getUserClass(type);
	}

	private void checkProxied(String beanName, Class<?> userClass, Advisor advisor) {
		if (!this.beanFactory.containsSingleton(beanName) || this.beanFactory.isFactoryBean(beanName)) {
			// not made yet (lazy or scoped), or a factory's product: nothing to look at
			return;
		}
		// Another auto-proxy creator (a BeanNameAutoProxyCreator, say) may have wrapped
		// our proxy in its own: look at every layer.
		for (Object layer = this.beanFactory.getSingleton(
				beanName); layer instanceof Advised advised; layer = AopProxyUtils.getSingletonTarget(layer)) {
			if (Arrays.asList(advised.getAdvisors()).contains(advisor)) {
				return;
			}
		}
		throw this.failure.create("Bean '" + beanName + "' (" + userClass.getName() + ")",
				"it has " + this.annotation + " methods but is not proxied with the " + this.annotation
						+ " advice, so calls to them would not be limited",
				"Let Spring create the bean (a @Bean method or a component) so that it can be proxied, and do not "
						+ "exclude it from auto-proxying; a final class or final methods cannot be proxied by CGLIB");
	}

}
