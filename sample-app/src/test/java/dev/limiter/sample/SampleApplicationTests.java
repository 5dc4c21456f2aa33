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
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
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
		this.mvc.perform(get("/limits")).andExpect(jsonPath("$.search.phase").value("COLD"));
		this.mvc.perform(get("/search")).andExpect(status().isOk());
		// Cold: the first permit costs (0.6 + 0.56) / 2 = 0.58 s, not the stable 0.2 s.
		this.mvc.perform(get("/search"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(header().string("RateLimit-Policy", "\"search\";q=5;w=1"));
		this.time.advance(Duration.ofMillis(580));
		this.mvc.perform(get("/search")).andExpect(status().isOk());
		this.mvc.perform(get("/limits")).andExpect(jsonPath("$.search.phase").value("WARMING"));
	}

	@Test
	void stockIsCappedAndItsCapIsShownInActuator() throws Exception {
		this.mvc.perform(get("/actuator/concurrencylimits/stock"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.maxConcurrent").value(20))
			.andExpect(jsonPath("$.maxWaiting").value(20))
			.andExpect(jsonPath("$.inFlight").value(0));
	}

	@Test
	void pacedExportWaitsForItsPermitInsteadOfFailing() throws Exception {
		this.mvc.perform(get("/export")).andExpect(status().isOk());
		this.mvc.perform(get("/export")).andExpect(status().isOk());
		assertThat(this.time.takeSleeps()).containsExactly(Duration.ofMillis(500));
	}

	@Test
	void profileLimitsEachClientOnItsOwn() throws Exception {
		this.mvc.perform(get("/profile").with(from("10.0.0.1"))).andExpect(status().isOk());
		this.mvc.perform(get("/profile").with(from("10.0.0.1"))).andExpect(status().isTooManyRequests());
		this.mvc.perform(get("/profile").with(from("10.0.0.2"))).andExpect(status().isOk());
	}

	@Test
	void actuatorShowsTheLimitsLiveAndAcceptsARateChange() throws Exception {
		this.mvc.perform(get("/search")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/ratelimits/search"))
			.andExpect(jsonPath("$.config.algorithm").value("warming-up"))
			.andExpect(jsonPath("$.state.phase").value("WARMING"))
			.andExpect(jsonPath("$.counts.permitted").value(1));
		this.mvc
			.perform(post("/actuator/ratelimits/search").contentType(MediaType.APPLICATION_JSON)
				.content("{\"rate\": 50}"))
			.andExpect(jsonPath("$.config.rate").value(50.0));
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
