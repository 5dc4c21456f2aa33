package dev.limiter.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.Environment;

/**
 * Fails startup on any key under {@code limiter.} that {@link LimiterProperties} does not
 * bind: Spring Boot ignores unknown keys, so a misspelt {@code max-brust} would leave a
 * limit silently without its burst. The report names each key as it was written and
 * where, and the closest known key.
 *
 * <p>
 * It is a {@link BeanFactoryPostProcessor} so that it runs once the environment is
 * complete and before any bean is made: a bad key is reported even when a limiter bean
 * would fail on the same configuration, and no limit ever runs with a setting missing.
 * Every enumerable property source is looked at (files, environment variables, system
 * properties, command line, test properties); a source that cannot list its names cannot
 * be checked.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class UnknownPropertiesVerifier implements BeanFactoryPostProcessor {

	private final Environment environment;

	private final KnownProperties known;

	UnknownPropertiesVerifier(Environment environment, KnownProperties known) {
		this.environment = environment;
		this.known = known;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		verify();
	}

	/**
	 * Checks every key under the prefix.
	 * @throws UnknownPropertyException naming each unknown key
	 */
	void verify() {
		Map<String, Unknown> unknown = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(this.known.prefix()::isAncestorOf)
					.stream()
					.filter((name) -> !this.known.isKnown(name))
					.map((name) -> describe(source, name))
					.forEach((key) -> unknown.putIfAbsent(key.written() + key.where(), key));
			}
		}
		if (!unknown.isEmpty()) {
			throw report(new ArrayList<>(unknown.values()));
		}
	}

	private Unknown describe(ConfigurationPropertySource source, ConfigurationPropertyName name) {
		ConfigurationProperty property = source.getConfigurationProperty(name);
		Origin origin = (property != null) ? property.getOrigin() : null;
		String written = name.toString();
		String where = (origin != null) ? origin.toString() : "";
		if (origin instanceof PropertySourceOrigin propertySource) {
			written = propertySource.getPropertyName();
			where = (propertySource.getOrigin() != null) ? propertySource.getOrigin().toString()
					: "property source \"" + propertySource.getPropertySource().getName() + "\"";
		}
		return new Unknown(written, where, advice(name));
	}

	/**
	 * Says what was probably meant: the closest known key, or, when none is close, the
	 * keys valid where the name stops matching.
	 */
	private String advice(ConfigurationPropertyName name) {
		String closest = this.known.closest(name);
		if (closest != null) {
			return "did you mean " + closest + "?";
		}
		KnownProperties.Place place = this.known.place(name);
		if (place.validKeys().isEmpty()) {
			return place.known() + " takes a value, not keys under it.";
		}
		return "no key under " + place.known() + " is close to it; the keys there are " + and(place.validKeys()) + ".";
	}

	private UnknownPropertyException report(List<Unknown> unknown) {
		Unknown first = unknown.get(0);
		String problem = this.known.prefix() + " has no property of this name";
		if (unknown.size() == 1) {
			return new UnknownPropertyException(first.source(), problem,
					capitalize(first.advice()) + " Correct the key, or remove it");
		}
		List<Unknown> others = unknown.subList(1, unknown.size());
		problem += "; nor of " + and(others.stream().map(Unknown::source).toList());
		String action = unknown.stream()
			.map((key) -> "For " + key.written() + ", " + key.advice())
			.collect(Collectors.joining(" "));
		return new UnknownPropertyException(first.source(), problem, action + " Correct each key, or remove it");
	}

	private static String and(List<String> items) {
		if (items.size() == 1) {
			return items.get(0);
		}
		return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
	}

	private static String capitalize(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/**
	 * An unknown key.
	 *
	 * @param written the key as written
	 * @param where where it was written
	 * @param advice what was probably meant
	 */
	private record Unknown(String written, String where, String advice) {

		String source() {
			return this.where.isEmpty() ? this.written : this.written + " (" + this.where + ")";
		}

	}

}
