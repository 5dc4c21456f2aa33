package dev.limiter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.autoconfigure.retry.RetryPolicyRegistry;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every key under {@code limiter.} must name a property of {@link LimiterProperties}: an
 * unknown one fails startup, before any limiter bean is made, with a report that names
 * the key as written and the closest valid one.
 *
 * @author The limiter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
				RateLimitAutoConfiguration.class, RetryAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.rate-limits.search.rate=10", "limiter.retries.inventory.max-attempts=3");

	@Test
	void misspeltKeyFailsStartupNamingItAndTheClosestValidKey() {
		assertSuggests("limiter.rate-limits.search.max-brust=2s", "limiter.rate-limits.search.max-burst");
		assertSuggests("limiter.rate-limits.search.warmpu=3s", "limiter.rate-limits.search.warmup");
		assertSuggests("limiter.retries.inventory.honour-retry-after=false",
				"limiter.retries.inventory.honor-retry-after");
		assertSuggests("limiter.retry-defaults.budget.ration=0.5", "limiter.retry-defaults.budget.ratio");
		assertSuggests("limiter.web.header-on-admitted=false", "limiter.web.headers-on-admitted");
		assertSuggests("limiter.rate-limit.search.rate=5", "limiter.rate-limits.search.rate");
	}

	@Test
	void oldNameFailsStartupNamingItsNewName() {
		assertSuggests("limiter.rate-limiting.enabled=false", "limiter.rate-limit.enabled");
		assertSuggests("limiter.rate-limit-order=1", "limiter.rate-limit.order");
		assertSuggests("limiter.retry-order=1", "limiter.retry.order");
	}

	@Test
	void reportNamesTheKeyAsWrittenWithWhereItComesFrom() {
		this.runner.withPropertyValues("limiter.rate-limits.search.maxBrust=2s").run((context) -> {
			FailureAnalysis analysis = FailureReports.analysis(context);
			assertThat(analysis.getDescription()).isEqualTo("Invalid property at limiter.rate-limits.search.maxBrust "
					+ "(property source \"test\"): limiter has no property of this name.");
			assertThat(analysis.getAction())
				.isEqualTo("Did you mean limiter.rate-limits.search.max-burst? Correct the key, or remove it.");
		});
	}

	@Test
	void unknownEnvironmentVariableIsNamedAsWritten() {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(environment(Map.of("LIMITER_RATE_LIMITS_SEARCH_MAX_BURST", "2s"))))
			.run((context) -> {
				FailureAnalysis analysis = FailureReports.analysis(context);
				assertThat(analysis.getDescription())
					.startsWith("Invalid property at LIMITER_RATE_LIMITS_SEARCH_MAX_BURST");
				assertThat(analysis.getAction()).startsWith("Did you mean limiter.rate-limits.search.max-burst?");
			});
	}

	@Test
	void everyUnknownKeyIsReported() {
		this.runner
			.withPropertyValues("limiter.rate-limits.search.max-brust=2s", "limiter.web.header-on-admitted=false")
			.run((context) -> {
				FailureAnalysis analysis = FailureReports.analysis(context);
				assertThat(analysis.getDescription()).contains("limiter.rate-limits.search.max-brust",
						"limiter.web.header-on-admitted");
				assertThat(analysis.getAction()).contains("limiter.rate-limits.search.max-burst",
						"limiter.web.headers-on-admitted");
			});
	}

	@Test
	void keysOfFeaturesNotBuiltYetAndBootsOwnRedisSettingsAreUnknown() {
		this.runner.withPropertyValues("limiter.bulkheads.db.limit=10").run((context) -> {
			FailureAnalysis analysis = FailureReports.analysis(context);
			assertThat(analysis.getDescription()).startsWith("Invalid property at limiter.bulkheads.db.limit");
			assertThat(analysis.getAction()).isEqualTo("No key under limiter is close to it; the keys there are "
					+ "concurrency-limit, concurrency-limits, rate-limit, rate-limit-defaults, rate-limits, redis, "
					+ "retries, retry, retry-defaults and web. Correct the key, or remove it.");
		});
		// Redis settings are Spring Boot's own (spring.data.redis.*), not ours
		this.runner.withPropertyValues("limiter.redis.url=redis://localhost").run((context) -> {
			FailureAnalysis analysis = FailureReports.analysis(context);
			assertThat(analysis.getDescription()).startsWith("Invalid property at limiter.redis.url");
			assertThat(analysis.getAction()).isEqualTo("No key under limiter.redis is close to it; the keys there "
					+ "are command-timeout, key-prefix, on-failure and retry-interval. Correct the key, or remove it.");
		});
	}

	@Test
	void relaxedFormsOfValidKeysAreAccepted() {
		this.runner
			.withPropertyValues("limiter.rate-limits.search.maxBurst=2s", "limiter.rate-limits.other.max_burst=2s",
					"limiter.rate-limits.other.rate=1", "limiter.rate-limits[search.v2].rate=3",
					"limiter.retries.inventory.retry-on[0]=java.io.IOException",
					"limiter.retries.inventory.retry-on[1]=java.io.UncheckedIOException",
					"limiter.retries.inventory.ignore=java.io.FileNotFoundException",
					"limiter.retryDefaults.budget.minPerSecond=1", "limiter.web.headers-on-admitted=false",
					"limiter.rate-limit.enabled=true", "limiter.retry.order=5")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(environment(Map.of("LIMITER_RATELIMITS_SEARCH_KEYIDLEEXPIRY", "1m",
						"LIMITER_RETRIES_OTHER_RETRYON_0_", "java.io.IOException"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RateLimitRegistry limits = context.getBean(RateLimitRegistry.class);
				assertThat(limits.find("search").settings().keyIdleExpiry()).isEqualTo(java.time.Duration.ofMinutes(1));
				assertThat(limits.find("search.v2")).isNotNull();
				RetryPolicyRegistry policies = context.getBean(RetryPolicyRegistry.class);
				assertThat(policies.find("inventory").settings().retryOn()).containsExactly(IOException.class,
						java.io.UncheckedIOException.class);
				assertThat(policies.find("other").settings().retryOn()).containsExactly(IOException.class);
				assertThat(context.getBean("retryAdvisor", Ordered.class).getOrder()).isEqualTo(5);
			});
	}

	@Test
	void keysOutsideTheLimiterPrefixAreLeftAlone() {
		this.runner
			.withPropertyValues("management.health.limiter.enabled=false", "limiterx.anything=1",
					"spring.main.banner-mode=off")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void unknownKeyIsReportedBeforeAnyLimiterBeanIsMade() {
		// The invalid rate would fail the registry; the unknown key is reported first.
		this.runner.withPropertyValues("limiter.rate-limits.search.rate=-1", "limiter.rate-limits.search.warmpu=3s")
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.startsWith("Invalid property at limiter.rate-limits.search.warmpu"));
	}

	@Test
	void unknownKeyInApplicationYmlStopsTheApplicationWithBootsReport(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("spring.config.name=unknown-property");
		assertThatIllegalStateException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Invalid property at limiter.rate-limits.search.max-brust (class path resource [unknown-property.yml] - 5:18): "
						+ "limiter has no property of this name.",
				"Did you mean limiter.rate-limits.search.max-burst? Correct the key, or remove it.");
	}

	@Test
	void everyPropertyInTheIdeMetadataIsKnown() throws IOException {
		List<String> names = new ArrayList<>();
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("limiter.")) {
					names.add(name);
				}
			}
		}
		KnownProperties known = KnownProperties.of("limiter", LimiterProperties.class);
		assertThat(names).hasSizeGreaterThan(20)
			.allSatisfy((name) -> assertThat(known
				.isKnown(org.springframework.boot.context.properties.source.ConfigurationPropertyName.of(name)))
				.as(name)
				.isTrue());
	}

	private void assertSuggests(String property, String suggestion) {
		this.runner.withPropertyValues(property).run((context) -> {
			FailureAnalysis analysis = FailureReports.analysis(context);
			assertThat(analysis.getDescription()).startsWith("Invalid property at " + property.split("=")[0] + " ");
			assertThat(analysis.getAction())
				.isEqualTo("Did you mean " + suggestion + "? Correct the key, or remove it.");
		});
	}

	/**
	 * Environment variables as Spring Boot maps them: a source whose name ends in
	 * {@code -systemEnvironment}.
	 */
	private static SystemEnvironmentPropertySource environment(Map<String, Object> variables) {
		return new SystemEnvironmentPropertySource(
				"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, LimiterAutoConfiguration.class,
			RateLimitAutoConfiguration.class, RetryAutoConfiguration.class })
	static class App {

	}

}
