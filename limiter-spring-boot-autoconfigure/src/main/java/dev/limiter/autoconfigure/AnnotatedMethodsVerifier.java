package dev.limiter.autoconfigure;

import java.lang.reflect.Method;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.util.ClassUtils;

/**
 * Reads every annotated method of every bean once all singletons exist, so that an
 * invalid annotation fails startup instead of the first call, and the first call finds
 * its annotations already resolved. Spring's own classes are skipped.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class AnnotatedMethodsVerifier implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final BiPredicate<Method, Class<?>> annotated;

	private final BiConsumer<Method, Class<?>> resolve;

	/**
	 * Creates a verifier.
	 * @param beanFactory the beans to look through
	 * @param annotated whether a method, called on a class, carries the annotation
	 * @param resolve reads and checks the annotation, throwing
	 * {@link InvalidConfigurationException} if it is invalid
	 */
	public AnnotatedMethodsVerifier(ConfigurableListableBeanFactory beanFactory,
			BiPredicate<Method, Class<?>> annotated, BiConsumer<Method, Class<?>> resolve) {
		this.beanFactory = beanFactory;
		this.annotated = annotated;
		this.resolve = resolve;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type == null || type.getName().startsWith("org.springframework.")) {
				continue;
			}
			Class<?> userClass = ClassUtils.getUserClass(type);
			for (Method method : MethodIntrospector.selectMethods(userClass,
					(MethodIntrospector.MetadataLookup<Boolean>) (method) -> this.annotated.test(method, userClass)
							? Boolean.TRUE : null)
				.keySet()) {
				try {
					this.resolve.accept(method, userClass);
				}
				catch (InvalidConfigurationException ex) {
					throw ex.withSourcePrefix("Bean '" + beanName + "', ");
				}
			}
		}
	}

}
