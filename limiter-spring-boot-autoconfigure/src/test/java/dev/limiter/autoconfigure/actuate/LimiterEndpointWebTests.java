package dev.limiter.autoconfigure.actuate;

import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code ratelimits}, {@code retrypolicies} and health endpoints through the real
 * Spring MVC stack, under each exposure and access setting.
 *
 * @author The limiter authors
 */
class LimiterEndpointWebTests {

	static final String LIMITS = "limiter.rate-limits.search.rate=2";

	static final String WARMUP = "limiter.rate-limits.search.warmup=4s";

	static final String POLICY = "limiter.retries.inventory.max-attempts=3";

	@Nested
	@SpringBootTest(classes = App.class, properties = { LIMITS, WARMUP, POLICY })
	@AutoConfigureMockMvc
	@DirtiesContext
	class NotExposed {

		@Autowired
		MockMvc mvc;

		@Test
		void endpointsAreNotFound() throws Exception {
			this.mvc.perform(get("/actuator/ratelimits")).andExpect(status().isNotFound());
			this.mvc.perform(get("/actuator/retrypolicies")).andExpect(status().isNotFound());
		}

	}

	@Nested
	@SpringBootTest(classes = App.class,
			properties = { LIMITS, WARMUP, POLICY,
					"management.endpoints.web.exposure.include=ratelimits,retrypolicies,health",
					"management.endpoint.health.show-details=always" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class ExposedReadOnly {

		@Autowired
		MockMvc mvc;

		@Autowired
		RateLimitRegistry registry;

		@Test
		void readsShowConfigurationAndLiveState() throws Exception {
			this.mvc.perform(get("/actuator/ratelimits"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.limits.search.config.algorithm").value("warming-up"))
				.andExpect(jsonPath("$.limits.search.config.rate").value(2.0))
				.andExpect(jsonPath("$.limits.search.state.phase").value("COLD"))
				.andExpect(jsonPath("$.limits.search.counts.permitted").value(0));
			this.mvc.perform(get("/actuator/ratelimits/search")).andExpect(jsonPath("$.name").value("search"));
			this.mvc.perform(get("/actuator/ratelimits/nope")).andExpect(status().isNotFound());
			this.mvc.perform(get("/actuator/retrypolicies/inventory"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.maxAttempts").value(3))
				.andExpect(jsonPath("$.outcomes.BUDGET_EXHAUSTED").value(0))
				.andExpect(jsonPath("$.outcomes.RETRY_AFTER_TOO_LONG").value(0));
		}

		@Test
		void writesAreRefusedAndChangeNothing() throws Exception {
			this.mvc
				.perform(post("/actuator/ratelimits/search").contentType(MediaType.APPLICATION_JSON)
					.content("{\"rate\": 50}"))
				.andExpect(status().isMethodNotAllowed());
			this.mvc.perform(delete("/actuator/ratelimits/search")).andExpect(status().isMethodNotAllowed());
			assertThat(this.registry.find("search").settings().limiter().permitsPerSecond()).isEqualTo(2.0);
		}

		@Test
		void healthIsUpAndSaysWhatItHolds() throws Exception {
			this.mvc.perform(get("/actuator/health/limiter"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("UP"))
				.andExpect(jsonPath("$.details.store").value("memory"))
				.andExpect(jsonPath("$.details.rateLimits").value(1));
		}

	}

	@Nested
	@SpringBootTest(classes = App.class,
			properties = { LIMITS, WARMUP, POLICY, "management.endpoints.web.exposure.include=ratelimits",
					"management.endpoint.ratelimits.access=unrestricted" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class WritesGranted {

		@Autowired
		MockMvc mvc;

		@Autowired
		RateLimitRegistry registry;

		@Test
		void rateChangeWorksAndABadValueIs400WithTheOldRateKept() throws Exception {
			this.mvc
				.perform(post("/actuator/ratelimits/search").contentType(MediaType.APPLICATION_JSON)
					.content("{\"rate\": 50}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.config.rate").value(50.0));
			assertThat(this.registry.find("search").shared().getRate()).isEqualTo(50.0);
			this.mvc
				.perform(post("/actuator/ratelimits/search").contentType(MediaType.APPLICATION_JSON)
					.content("{\"rate\": -1}"))
				.andExpect(status().isBadRequest());
			assertThat(this.registry.find("search").shared().getRate()).isEqualTo(50.0);
		}

		@Test
		void writesToAnUnknownLimitOrKeyAreNotFound() throws Exception {
			this.mvc
				.perform(post("/actuator/ratelimits/nope").contentType(MediaType.APPLICATION_JSON)
					.content("{\"rate\": 5}"))
				.andExpect(status().isNotFound());
			this.mvc.perform(delete("/actuator/ratelimits/nope")).andExpect(status().isNotFound());
			this.mvc.perform(delete("/actuator/ratelimits/search").param("key", "nobody"))
				.andExpect(status().isNotFound());
			this.registry.find("search").forKey("alice").tryAcquire();
			this.mvc.perform(delete("/actuator/ratelimits/search").param("key", "alice"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.name").value("search"));
			this.mvc.perform(delete("/actuator/ratelimits/search").param("key", "alice"))
				.andExpect(status().isNotFound());
		}

		@Test
		void resetMakesTheLimitColdAgain() throws Exception {
			this.registry.find("search").shared().reserveNanos(8);
			this.mvc.perform(delete("/actuator/ratelimits/search"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.state.phase").value("COLD"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

}
