package dev.limiter.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;

/**
 * Reads the string attributes of an annotation (inline values such as {@code rate =
 * "${x:10}"}): resolves {@code ${…}} placeholders and parses numbers and durations,
 * reporting a bad value as an {@link InvalidConfigurationException} that names the
 * attribute.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class InlineValues {

	/**
	 * Makes the exception for a bad value.
	 */
	@FunctionalInterface
	public interface Failure {

		/**
		 * Makes the exception.
		 * @param source where the value is
		 * @param problem what is wrong
		 * @param action how to fix it
		 * @return the exception
		 */
		InvalidConfigurationException create(String source, String problem, String action);

	}

	private final PropertyResolver placeholders;

	private final Failure failure;

	/**
	 * Creates a reader.
	 * @param placeholders resolves {@code ${…}}
	 * @param failure makes the exception for a bad value
	 */
	public InlineValues(PropertyResolver placeholders, Failure failure) {
		this.placeholders = placeholders;
		this.failure = failure;
	}

	/**
	 * Describes an annotated method for messages:
	 * {@code @RateLimited on SearchController.search(String)}.
	 * @param annotation the annotation type
	 * @param method the method
	 * @param targetClass the class it is called on
	 * @return the description
	 */
	public static String describe(Class<? extends Annotation> annotation, Method method, Class<?> targetClass) {
		return "@" + annotation.getSimpleName() + " on " + ClassUtils.getShortName(targetClass) + "." + method.getName()
				+ "("
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
				+ ")";
	}

	/**
	 * Reads a number.
	 * @param value the attribute's value
	 * @param where the attribute, for messages
	 * @return the number
	 */
	public double number(String value, String where) {
		String resolved = resolve(value, where);
		try {
			return Double.parseDouble(resolved.trim());
		}
		catch (NumberFormatException ex) {
			throw this.failure.create(where, "'" + resolved + "' is not a number", "Use a number such as 10 or 2.5");
		}
	}

	/**
	 * Reads a whole number.
	 * @param value the attribute's value
	 * @param where the attribute, for messages
	 * @return the number
	 */
	public int integer(String value, String where) {
		String resolved = resolve(value, where);
		try {
			return Integer.parseInt(resolved.trim());
		}
		catch (NumberFormatException ex) {
			throw this.failure.create(where, "'" + resolved + "' is not a whole number",
					"Use a whole number such as 3");
		}
	}

	/**
	 * Reads a duration in any form Spring Boot accepts: {@code 500ms}, {@code 3s},
	 * {@code PT3S}.
	 * @param value the attribute's value
	 * @param where the attribute, for messages
	 * @return the duration
	 */
	public Duration duration(String value, String where) {
		String resolved = resolve(value, where);
		try {
			return DurationStyle.detectAndParse(resolved.trim());
		}
		catch (IllegalArgumentException ex) {
			throw this.failure.create(where, "'" + resolved + "' is not a duration",
					"Use a duration such as 500ms, 3s or PT3S");
		}
	}

	private String resolve(String value, String where) {
		try {
			return this.placeholders.resolveRequiredPlaceholders(value);
		}
		catch (IllegalArgumentException ex) {
			throw this.failure.create(where, String.valueOf(ex.getMessage()),
					"Define the property, or give the placeholder a default: ${name:default}");
		}
	}

}
