package dev.limiter.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The documented off switches work on the sample: with all three off it starts, and
 * nothing is limited.
 *
 * @author The limiter authors
 */
@SpringBootTest(properties = { "limiter.rate-limit.enabled=false", "limiter.concurrency-limit.enabled=false",
		"limiter.retry.enabled=false" })
@AutoConfigureMockMvc
class OffSwitchesTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void withEveryLimitOffTheSampleStartsAndNothingIsLimited() throws Exception {
		for (int call = 0; call < 20; call++) {
			this.mvc.perform(get("/products/search")).andExpect(status().isOk());
			this.mvc.perform(post("/products/export")).andExpect(status().isOk());
		}
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
	}

}
