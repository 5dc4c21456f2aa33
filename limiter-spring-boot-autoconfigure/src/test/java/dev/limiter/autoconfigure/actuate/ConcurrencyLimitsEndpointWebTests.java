package dev.limiter.autoconfigure.actuate;

import java.util.concurrent.CompletableFuture;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitRegistry;
import dev.limiter.autoconfigure.concurrency.ConcurrencyLimited;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code /actuator/concurrencylimits} through the real Spring MVC stack: the caps, the
 * calls in flight and waiting now, and what they did; an unknown name is a 404.
 *
 * @author The limiter authors
 */
@SpringBootTest(classes = ConcurrencyLimitsEndpointWebTests.App.class,
		properties = { "limiter.concurrency-limits.reports.max-concurrent=1",
				"limiter.concurrency-limits.reports.timeout=1s", "limiter.concurrency-limits.reports.max-waiting=4",
				"management.endpoints.web.exposure.include=concurrencylimits" })
@AutoConfigureMockMvc
@DirtiesContext
class ConcurrencyLimitsEndpointWebTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Reports reports;

	@Autowired
	ConcurrencyLimitRegistry registry;

	@Test
	void readsShowTheCapAndWhatIsInFlightAndWaiting() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		this.reports.build(work);
		CompletableFuture<String> waiting = this.reports.build(CompletableFuture.completedFuture("next"));
		this.mvc.perform(get("/actuator/concurrencylimits"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.limits.reports.maxConcurrent").value(1))
			.andExpect(jsonPath("$.limits.reports.maxWaiting").value(4))
			.andExpect(jsonPath("$.limits.reports.timeout").value("PT1S"))
			.andExpect(jsonPath("$.limits.reports.inFlight").value(1))
			.andExpect(jsonPath("$.limits.reports.waiting").value(1))
			.andExpect(jsonPath("$.limits.reports.admitted").value(1));
		work.complete("done");
		waiting.join();
		this.mvc.perform(get("/actuator/concurrencylimits/reports"))
			.andExpect(jsonPath("$.inFlight").value(0))
			.andExpect(jsonPath("$.waiting").value(0))
			.andExpect(jsonPath("$.admitted").value(2));
		this.mvc.perform(get("/actuator/concurrencylimits/nope")).andExpect(status().isNotFound());
	}

	@Test
	void aClientKeysCapIsDescribedOnRequest() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		this.reports.buildFor(42L, work);
		this.mvc.perform(get("/actuator/concurrencylimits/reports").param("key", "42"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.key").value("42"))
			.andExpect(jsonPath("$.maxConcurrent").value(1))
			.andExpect(jsonPath("$.inFlight").value(1));
		this.mvc.perform(get("/actuator/concurrencylimits/reports"))
			.andExpect(jsonPath("$.keys").value(1))
			.andExpect(jsonPath("$.inFlight").value(1));
		this.mvc.perform(get("/actuator/concurrencylimits/reports").param("key", "43"))
			.andExpect(status().isNotFound());
		work.complete("done");
		this.mvc.perform(get("/actuator/concurrencylimits/reports").param("key", "42"))
			.andExpect(jsonPath("$.inFlight").value(0));
	}

	@Test
	void writesAreRefusedByDefaultAndChangeNothing() throws Exception {
		this.mvc
			.perform(post("/actuator/concurrencylimits/reports").contentType(MediaType.APPLICATION_JSON)
				.content("{\"maxConcurrent\": 5}"))
			.andExpect(status().isMethodNotAllowed());
		assertThat(this.registry.find("reports").limiter().maxConcurrent()).isOne();
	}

	/**
	 * With writes granted: a live change of max-concurrent, a bad value refused with the
	 * bound kept, an unknown cap 404.
	 */
	@Nested
	@SpringBootTest(classes = ConcurrencyLimitsEndpointWebTests.App.class,
			properties = { "limiter.concurrency-limits.reports.max-concurrent=1",
					"limiter.concurrency-limits.elastic.adaptive=true",
					"limiter.concurrency-limits.elastic.min-concurrent=2",
					"limiter.concurrency-limits.elastic.max-concurrent=20",
					"management.endpoints.web.exposure.include=concurrencylimits",
					"management.endpoint.concurrencylimits.access=unrestricted" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class WritesGranted {

		@Autowired
		MockMvc mvc;

		@Autowired
		ConcurrencyLimitRegistry registry;

		@Test
		void maxConcurrentChangesLiveAndABadValueIs400WithTheBoundKept() throws Exception {
			this.mvc
				.perform(post("/actuator/concurrencylimits/reports").contentType(MediaType.APPLICATION_JSON)
					.content("{\"maxConcurrent\": 5}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.maxConcurrent").value(5));
			assertThat(this.registry.find("reports").limiter().maxConcurrent()).isEqualTo(5);
			this.mvc
				.perform(post("/actuator/concurrencylimits/reports").contentType(MediaType.APPLICATION_JSON)
					.content("{\"maxConcurrent\": 0}"))
				.andExpect(status().isBadRequest());
			assertThat(this.registry.find("reports").limiter().maxConcurrent()).isEqualTo(5);
			this.mvc
				.perform(post("/actuator/concurrencylimits/nope").contentType(MediaType.APPLICATION_JSON)
					.content("{\"maxConcurrent\": 5}"))
				.andExpect(status().isNotFound());
		}

		@Test
		void anAdaptiveCapRefusesALiveChange() throws Exception {
			this.mvc
				.perform(post("/actuator/concurrencylimits/elastic").contentType(MediaType.APPLICATION_JSON)
					.content("{\"maxConcurrent\": 5}"))
				.andExpect(status().isBadRequest());
			this.mvc.perform(get("/actuator/concurrencylimits/elastic"))
				.andExpect(jsonPath("$.adaptive").value(true))
				.andExpect(jsonPath("$.minConcurrent").value(2))
				.andExpect(jsonPath("$.maxConcurrent").value(2));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Reports.class)
	static class App {

		@Bean
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

	static class Reports {

		@ConcurrencyLimited("reports")
		CompletableFuture<String> build(CompletableFuture<String> result) {
			return result;
		}

		@ConcurrencyLimited(name = "reports", key = "#customer")
		CompletableFuture<String> buildFor(long customer, CompletableFuture<String> result) {
			return result;
		}

	}

}
