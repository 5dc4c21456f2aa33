package dev.limiter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata of the {@code limiter.*} properties, as the configuration processor
 * generates it from the properties classes: every property a user can set is in it, under
 * its settled name, with its default and a plain-text tooltip.
 *
 * @author The limiter authors
 */
class LimiterPropertiesMetadataTests {

	@Test
	void switchesAndOrdersAreGeneratedFromFieldsWithTheirDefaults() throws IOException {
		Map<String, JsonNode> properties = properties("META-INF/spring-configuration-metadata.json");
		assertThat(properties.get("limiter.rate-limit.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("limiter.rate-limit.order").get("defaultValue").asInt()).isEqualTo(2147482647);
		assertThat(properties.get("limiter.retry.enabled").get("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("limiter.retry.order").get("defaultValue").asInt()).isEqualTo(2147481647);
		assertThat(properties).containsKeys("limiter.retry-defaults.honor-retry-after",
				"limiter.web.headers-on-admitted");
	}

	@Test
	void defaultOrdersWrittenAsLiteralsAreTheOrdersTheyStandFor() {
		assertThat(LimiterProperties.RateLimit.DEFAULT_ORDER).isEqualTo(Ordered.LOWEST_PRECEDENCE - 1000);
		assertThat(LimiterProperties.Retry.DEFAULT_ORDER).isEqualTo(Ordered.LOWEST_PRECEDENCE - 2000);
	}

	@Test
	void oldNamesAreGone() throws IOException {
		assertThat(properties("META-INF/spring-configuration-metadata.json")).doesNotContainKeys(
				"limiter.rate-limiting.enabled", "limiter.rate-limit-order", "limiter.retry-order",
				"limiter.retry-defaults.honour-retry-after");
	}

	@Test
	void additionalMetadataHoldsOnlyWhatNoFieldDescribes() throws IOException {
		assertThat(properties("META-INF/additional-spring-configuration-metadata.json"))
			.containsOnlyKeys("management.health.limiter.enabled");
	}

	@Test
	void tooltipsArePlainSentences() throws IOException {
		List<String> descriptions = new ArrayList<>();
		properties("META-INF/spring-configuration-metadata.json").forEach((name, property) -> {
			if (name.startsWith("limiter.") && property.has("description")) {
				descriptions.add(property.get("description").asString());
			}
		});
		assertThat(descriptions).hasSizeGreaterThan(20)
			.allSatisfy(
					(description) -> assertThat(description).doesNotContain("{@", "&lt;", "&gt;", "&amp;", "<", ">"));
	}

	private static Map<String, JsonNode> properties(String resource) throws IOException {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
		return properties;
	}

}
