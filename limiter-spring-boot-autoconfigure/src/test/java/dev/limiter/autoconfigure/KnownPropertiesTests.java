package dev.limiter.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KnownProperties} over {@link LimiterProperties}: which names it knows,
 * in Spring Boot's relaxed forms, and which known name it suggests for an unknown one.
 *
 * @author The limiter authors
 */
class KnownPropertiesTests {

	private final KnownProperties known = KnownProperties.of("limiter", LimiterProperties.class);

	@Test
	void namesOfValuesGroupsMapsAndListsAreKnownInEveryRelaxedForm() {
		assertThat(known("limiter.rate-limits.search.max-burst")).isTrue();
		assertThat(known("limiter.rateLimits.search.maxBurst")).isTrue();
		assertThat(known("limiter.rate_limits.search.max_burst")).isTrue();
		assertThat(known("limiter.rate-limits[search.v2].rate")).isTrue();
		assertThat(known("limiter.retries.inventory.retry-on")).isTrue();
		assertThat(known("limiter.retries.inventory.retry-on[3]")).isTrue();
		assertThat(known("limiter.retries.inventory.budget.min-per-second")).isTrue();
		assertThat(known("limiter.rate-limits")).as("a map").isTrue();
		assertThat(known("limiter.retries.inventory.budget")).as("a group").isTrue();
		assertThat(known("limiter.rate-limit.order")).isTrue();
	}

	@Test
	void namesBelowAValueOrWithAWrongIndexAreUnknown() {
		assertThat(known("limiter.web.headers-on-admitted.always")).isFalse();
		assertThat(known("limiter.retries.inventory.retry-on.first")).isFalse();
		assertThat(known("limiter.retries.inventory.retry-on[0].name")).isFalse();
		assertThat(known("limiter.rate-limits.search.rate[0]")).isFalse();
		assertThat(known("limiter.redis.url")).isFalse();
	}

	@Test
	void closestKnownNameKeepsTheUsersOwnMapKeys() {
		assertThat(closest("limiter.rate-limits.per-client.max-brust"))
			.isEqualTo("limiter.rate-limits.per-client.max-burst");
		assertThat(closest("limiter.rate-limits[search.v2].ratte")).isEqualTo("limiter.rate-limits[search.v2].rate");
		assertThat(closest("limiter.rate-limits.search.warmpu")).isEqualTo("limiter.rate-limits.search.warmup");
		assertThat(closest("limiter.rate-limits.rate")).isEqualTo("limiter.rate-limits.<name>.rate");
	}

	@Test
	void closestKnownNameOfAnEnvironmentVariableWithTooManyUnderscores() {
		// LIMITER_RATE_LIMITS_SEARCH_MAX_BURST, as Spring Boot maps it.
		assertThat(closest("limiter.rate.limits.search.max.burst")).isEqualTo("limiter.rate-limits.search.max-burst");
	}

	@Test
	void nothingIsSuggestedWhenNoKnownNameIsClose() {
		assertThat(closest("limiter.redis.url")).isNull();
		assertThat(closest("limiter.bulkheads.db.limit")).isNull();
		KnownProperties.Place place = this.known.place(ConfigurationPropertyName.of("limiter.bulkheads.db.limit"));
		assertThat(place.known()).isEqualTo("limiter");
		assertThat(place.validKeys()).containsExactly("concurrency-limit", "concurrency-limits", "rate-limit",
				"rate-limit-defaults", "rate-limits", "redis", "retries", "retry", "retry-defaults", "web");
		KnownProperties.Place redis = this.known.place(ConfigurationPropertyName.of("limiter.redis.url"));
		assertThat(redis.known()).isEqualTo("limiter.redis");
		assertThat(redis.validKeys()).containsExactly("command-timeout", "key-prefix", "on-failure", "retry-interval");
		assertThat(this.known.place(ConfigurationPropertyName.of("limiter.retries.inventory.budget.x.y")).known())
			.isEqualTo("limiter.retries.inventory.budget");
		assertThat(this.known.place(ConfigurationPropertyName.of("limiter.web.headers-on-admitted.x")).validKeys())
			.isEmpty();
	}

	/** Reads a name as a property source does, in any relaxed form. */
	private boolean known(String name) {
		return this.known.isKnown(ConfigurationPropertyName.adapt(name, '.'));
	}

	private String closest(String name) {
		return this.known.closest(ConfigurationPropertyName.adapt(name, '.'));
	}

}
