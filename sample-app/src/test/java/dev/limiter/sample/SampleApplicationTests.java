package dev.limiter.sample;

import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample's endpoints, as the README walks through them, on a manual clock.
 *
 * @author The limiter authors
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class SampleApplicationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ManualTimeSource time;

	@Test
	void coldSearchAdmitsOneCallThenAnswers429UntilTheColdIntervalHasPassed() throws Exception {
		this.mvc.perform(get("/actuator/ratelimits/search")).andExpect(jsonPath("$.state.phase").value("COLD"));
		this.mvc.perform(get("/products/search").param("q", "lamp"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].name").value("Desk lamp"));
		// Cold: the first permit costs (0.3 + 0.292) / 2 = 0.296 s, not the stable 0.1 s.
		this.mvc.perform(get("/products/search"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(header().string("RateLimit-Policy", "\"search\";q=10;w=1"));
		this.time.advance(Duration.ofMillis(296));
		this.mvc.perform(get("/products/search")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/ratelimits/search")).andExpect(jsonPath("$.state.phase").value("WARMING"));
	}

	@Test
	void stockIsCappedAndItsCapIsShownInActuator() throws Exception {
		this.mvc.perform(get("/actuator/concurrencylimits/stock"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.maxConcurrent").value(4))
			.andExpect(jsonPath("$.maxWaiting").value(2))
			.andExpect(jsonPath("$.inFlight").value(0));
	}

	@Test
	void pacedReviewsWaitForTheirPermitInsteadOfFailing() throws Exception {
		for (int call = 0; call < 3; call++) {
			MvcResult waiting = this.mvc.perform(get("/products/1/reviews")).andReturn();
			this.mvc.perform(asyncDispatch(waiting)).andExpect(status().isOk());
		}
		// 2/s: the first at once, each next one 0.5 s later (waited on the manual clock)
		assertThat(this.time.takeSleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
	}

	@Test
	void productLimitsEachClientAddressOnItsOwnWithBurstsAfterIdle() throws Exception {
		this.mvc.perform(get("/products/1").with(from("10.0.0.1"))).andExpect(status().isOk());
		this.mvc.perform(get("/products/1").with(from("10.0.0.1"))).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/products/1").with(from("10.0.0.2"))).andExpect(status().isOk());
		// idle, the limit stores up to 3 s of permits: a burst of 3 (plus the one due)
		this.time.advance(Duration.ofSeconds(10));
		for (int call = 0; call < 4; call++) {
			this.mvc.perform(get("/products/1").with(from("10.0.0.1"))).andExpect(status().isOk());
		}
		this.mvc.perform(get("/products/1").with(from("10.0.0.1"))).andExpect(status().isTooManyRequests());
	}

	@Test
	void partnerLimitsEachApiKeyOnItsOwn() throws Exception {
		this.mvc.perform(get("/partner/products").header("X-Api-Key", "alice")).andExpect(status().isOk());
		this.mvc.perform(get("/partner/products").header("X-Api-Key", "alice")).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/partner/products").header("X-Api-Key", "bob")).andExpect(status().isOk());
		this.mvc.perform(get("/partner/products")).andExpect(status().isOk());
	}

	@Test
	void anExportCostsFivePermits() throws Exception {
		this.mvc.perform(post("/products/export")).andExpect(status().isOk());
		this.mvc.perform(post("/products/export"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "30"));
	}

	@Test
	void ordersAreUnderTwoLimitsAndARejectionNamesBoth() throws Exception {
		this.mvc.perform(post("/orders")).andExpect(status().isCreated());
		this.mvc.perform(post("/orders"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "3"))
			.andExpect(jsonPath("$['violated-policies']")
				.value(org.hamcrest.Matchers.contains("orders-per-second", "orders-per-minute")));
		this.time.advance(Duration.ofSeconds(3));
		this.mvc.perform(post("/orders")).andExpect(status().isCreated());
	}

	@Test
	void actuatorWritesAreOffWithoutTheDemoProfile() throws Exception {
		this.mvc
			.perform(post("/actuator/ratelimits/search").contentType(MediaType.APPLICATION_JSON)
				.content("{\"rate\": 50}"))
			.andExpect(status().isMethodNotAllowed());
		this.mvc.perform(get("/actuator/health/limiter")).andExpect(jsonPath("$.status").value("UP"));
	}

	private static RequestPostProcessor from(String address) {
		return (request) -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ManualTime {

		@Bean
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

}
