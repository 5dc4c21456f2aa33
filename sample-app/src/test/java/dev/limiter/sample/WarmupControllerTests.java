package dev.limiter.sample;

import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample's warm-up endpoint through the real Spring MVC stack, on a manual clock.
 *
 * @author The limiter authors
 */
@SpringBootTest
@AutoConfigureMockMvc
class WarmupControllerTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ManualTimeSource time;

	@Test
	void coldEndpointAdmitsOneRequestThenAnswers429UntilTheColdIntervalHasPassed() throws Exception {
		this.mvc.perform(get("/warmup/state")).andExpect(jsonPath("$.phase").value("COLD"));
		this.mvc.perform(get("/warmup")).andExpect(status().isOk());
		// Cold: the first permit costs (0.6 + 0.56) / 2 = 0.58 s, not the stable 0.2 s.
		this.mvc.perform(get("/warmup"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(content().string("rejected: next permit in PT0.58S\n"));
		this.time.advance(Duration.ofMillis(580));
		this.mvc.perform(get("/warmup")).andExpect(status().isOk());
		this.mvc.perform(get("/warmup/state")).andExpect(jsonPath("$.phase").value("WARMING"));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ManualTime {

		@Bean
		@Primary
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

}
