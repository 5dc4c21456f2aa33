package dev.limiter.autoconfigure.web;

import java.util.concurrent.CompletableFuture;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimited;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @ConcurrencyLimited} controller through the real Spring MVC stack: a call that
 * gets no slot is a {@code 503} problem naming the limit and the reason, or a {@code 429}
 * when the full cap is the client's own, without {@code Retry-After}.
 *
 * @author The limiter authors
 */
@SpringBootTest(classes = ConcurrencyLimitWebIntegrationTests.App.class,
		properties = "limiter.concurrency-limits.reports.max-concurrent=1")
@AutoConfigureMockMvc
class ConcurrencyLimitWebIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ReportsController controller;

	@Test
	void callThatGetsNoSlotIs503WithAProblemBody() throws Exception {
		CompletableFuture<String> slow = new CompletableFuture<>();
		this.controller.answerSlowWith(slow);
		// an asynchronous handler holds its slot until its stage completes
		this.mvc.perform(get("/reports/slow"));
		this.mvc.perform(get("/reports/quick"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().doesNotExist("Retry-After"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.limit").value("reports"))
			.andExpect(jsonPath("$.reason").value("full"));
		slow.complete("done");
		this.mvc.perform(get("/reports/quick")).andExpect(status().isOk());
	}

	@Test
	void callThatFindsItsClientsCapFullIs429WithAProblemBody() throws Exception {
		CompletableFuture<String> slow = new CompletableFuture<>();
		this.controller.answerSlowWith(slow);
		this.mvc.perform(get("/reports/mine/slow").header("X-Api-Key", "alice"));
		this.mvc.perform(get("/reports/mine/quick").header("X-Api-Key", "alice"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().doesNotExist("Retry-After"))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.title").value("Too many calls in flight for this client"))
			.andExpect(jsonPath("$.limit").value("reports"))
			.andExpect(jsonPath("$.reason").value("full"));
		this.mvc.perform(get("/reports/mine/quick").header("X-Api-Key", "bob")).andExpect(status().isOk());
		slow.complete("done");
		this.mvc.perform(get("/reports/mine/quick").header("X-Api-Key", "alice")).andExpect(status().isOk());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReportsController.class)
	static class App {

		@Bean
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

	@RestController
	static class ReportsController {

		private volatile CompletableFuture<String> pending = new CompletableFuture<>();

		/** Through the proxy: the field is the target's. */
		public void answerSlowWith(CompletableFuture<String> pending) {
			this.pending = pending;
		}

		@GetMapping("/reports/slow")
		@ConcurrencyLimited("reports")
		public CompletableFuture<String> slow() {
			return this.pending;
		}

		@GetMapping("/reports/quick")
		@ConcurrencyLimited("reports")
		public String quick() {
			return "quick";
		}

		@GetMapping("/reports/mine/slow")
		@ConcurrencyLimited(name = "reports", key = "#request.getHeader('X-Api-Key')")
		public CompletableFuture<String> mineSlow() {
			return this.pending;
		}

		@GetMapping("/reports/mine/quick")
		@ConcurrencyLimited(name = "reports", key = "#request.getHeader('X-Api-Key')")
		public String mineQuick() {
			return "quick";
		}

	}

}
