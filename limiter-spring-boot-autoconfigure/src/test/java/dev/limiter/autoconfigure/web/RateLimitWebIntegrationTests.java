package dev.limiter.autoconfigure.web;

import java.time.Duration;

import dev.limiter.autoconfigure.ratelimit.RateLimited;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @RateLimited} controllers through the real Spring MVC stack: the 429, its fields
 * and problem body, the fields on admitted responses, per-client keys, and a user's own
 * handler.
 *
 * @author The limiter authors
 */
class RateLimitWebIntegrationTests {

	static final String DAILY = "limiter.rate-limits.daily.rate=1.1574074074074073E-5";

	static final String BACKEND = "limiter.rate-limits.backend.rate=1000";

	static final String BACKEND_TIMEOUT = "limiter.rate-limits.backend.timeout=1s";

	@Nested
	@SpringBootTest(classes = App.class,
			properties = { "limiter.rate-limits.search.rate=2", "limiter.rate-limits.perClient.rate=1", DAILY, BACKEND,
					BACKEND_TIMEOUT, "limiter.rate-limits.warm.rate=2", "limiter.rate-limits.warm.warmup=4s" })
	@AutoConfigureMockMvc
	@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
	class Defaults {

		@Autowired
		MockMvc mvc;

		@Autowired
		ManualTimeSource time;

		@Test
		void rejectedCallIs429WithExactRetryAfterRateLimitFieldsAndAProblemBody() throws Exception {
			this.mvc.perform(get("/search")).andExpect(status().isOk());
			// 0.4 s left: Retry-After rounds up to 1
			this.time.advance(Duration.ofMillis(100));
			this.mvc.perform(get("/search"))
				.andExpect(status().isTooManyRequests())
				.andExpect(header().string("Retry-After", "1"))
				.andExpect(header().string("RateLimit-Policy", "\"search\";q=2;w=1"))
				.andExpect(header().string("RateLimit", "\"search\";r=0;t=1"))
				.andExpect(content().contentType("application/problem+json"))
				.andExpect(jsonPath("$.type").value("https://iana.org/assignments/http-problem-types#quota-exceeded"))
				.andExpect(jsonPath("$.status").value(429))
				.andExpect(jsonPath("$.detail").value("Rate limit 'search' exceeded; retry after 1 s"))
				.andExpect(jsonPath("$.violated-policies[0]").value("search"));
		}

		@Test
		void callRejectedByTwoLimitsAnswersTheLongestWaitAndNamesBoth() throws Exception {
			this.mvc.perform(get("/pair")).andExpect(status().isOk());
			this.mvc.perform(get("/pair"))
				.andExpect(status().isTooManyRequests())
				// the daily limit's wait, not the per-second one's 1 s
				.andExpect(header().string("Retry-After", "86400"))
				.andExpect(header().stringValues("RateLimit-Policy", "\"search\";q=2;w=1", "\"daily\";q=1;w=86400"))
				.andExpect(header().stringValues("RateLimit", "\"search\";r=0;t=1", "\"daily\";r=0;t=86400"))
				.andExpect(jsonPath("$.detail").value("Rate limits 'search', 'daily' exceeded; retry after 86400 s"))
				.andExpect(jsonPath("$.violated-policies").value(org.hamcrest.Matchers.contains("search", "daily")));
		}

		@Test
		void handlerMakingManyLimitedCallsSendsOneEntryForItsOwnLimit() throws Exception {
			this.mvc.perform(get("/fan-out"))
				.andExpect(status().isOk())
				.andExpect(header().stringValues("RateLimit-Policy", "\"search\";q=2;w=1"))
				.andExpect(header().stringValues("RateLimit", "\"search\";r=0;t=1"));
		}

		@Test
		void admittedResponseCarriesTheRateLimitFields() throws Exception {
			this.time.advance(Duration.ofSeconds(5));
			this.mvc.perform(get("/warm"))
				.andExpect(status().isOk())
				.andExpect(header().string("RateLimit-Policy", "\"warm\";q=2;w=1"))
				// cold: the next permit is 1.375 s away
				.andExpect(header().string("RateLimit", "\"warm\";r=0;t=2"));
		}

		@Test
		void eachClientAddressHasItsOwnLimit() throws Exception {
			this.mvc.perform(get("/client").with(remoteAddr("10.0.0.1"))).andExpect(status().isOk());
			this.mvc.perform(get("/client").with(remoteAddr("10.0.0.2"))).andExpect(status().isOk());
			this.mvc.perform(get("/client").with(remoteAddr("10.0.0.1"))).andExpect(status().isTooManyRequests());
		}

		@Test
		void principalKeysALimitPerAuthenticatedUser() throws Exception {
			this.mvc.perform(get("/me").principal(() -> "alice")).andExpect(status().isOk());
			this.mvc.perform(get("/me").principal(() -> "bob")).andExpect(status().isOk());
			this.mvc.perform(get("/me").principal(() -> "alice")).andExpect(status().isTooManyRequests());
		}

		private static RequestPostProcessor remoteAddr(String address) {
			return (request) -> {
				request.setRemoteAddr(address);
				return request;
			};
		}

	}

	@Nested
	@SpringBootTest(classes = App.class,
			properties = { "limiter.rate-limits.search.rate=2", "limiter.rate-limits.perClient.rate=1", DAILY, BACKEND,
					BACKEND_TIMEOUT, "limiter.rate-limits.warm.rate=2" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class ForwardedHeadersIgnoredByDefault {

		@Autowired
		MockMvc mvc;

		@Test
		void clientCannotEscapeItsLimitBySendingXForwardedFor() throws Exception {
			this.mvc.perform(get("/client").header("X-Forwarded-For", "1.1.1.1")).andExpect(status().isOk());
			this.mvc.perform(get("/client").header("X-Forwarded-For", "2.2.2.2"))
				.andExpect(status().isTooManyRequests());
		}

	}

	@Nested
	@SpringBootTest(classes = App.class,
			properties = { "limiter.rate-limits.search.rate=2", "limiter.rate-limits.perClient.rate=1", DAILY, BACKEND,
					BACKEND_TIMEOUT, "limiter.rate-limits.warm.rate=2", "server.forward-headers-strategy=framework" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class BehindATrustedProxy {

		@Autowired
		MockMvc mvc;

		@Test
		void forwardHeadersStrategyGivesEachForwardedClientItsOwnLimit() throws Exception {
			this.mvc.perform(get("/client").header("X-Forwarded-For", "1.1.1.1")).andExpect(status().isOk());
			this.mvc.perform(get("/client").header("X-Forwarded-For", "2.2.2.2")).andExpect(status().isOk());
			this.mvc.perform(get("/client").header("X-Forwarded-For", "1.1.1.1"))
				.andExpect(status().isTooManyRequests());
		}

	}

	@Nested
	@SpringBootTest(classes = App.class,
			properties = { "limiter.rate-limits.search.rate=2", "limiter.rate-limits.perClient.rate=1", DAILY, BACKEND,
					BACKEND_TIMEOUT, "limiter.rate-limits.warm.rate=2", "limiter.web.headers-on-admitted=false" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class HeadersOnAdmittedOff {

		@Autowired
		MockMvc mvc;

		@Test
		void admittedResponseHasNoRateLimitFieldsButTheRejectionStillHas() throws Exception {
			this.mvc.perform(get("/search"))
				.andExpect(status().isOk())
				.andExpect(header().doesNotExist("RateLimit"))
				.andExpect(header().doesNotExist("RateLimit-Policy"));
			this.mvc.perform(get("/search"))
				.andExpect(status().isTooManyRequests())
				.andExpect(header().exists("RateLimit"));
		}

	}

	@Nested
	@SpringBootTest(classes = { App.class, OwnHandler.class },
			properties = { "limiter.rate-limits.search.rate=2", "limiter.rate-limits.perClient.rate=1", DAILY, BACKEND,
					BACKEND_TIMEOUT, "limiter.rate-limits.warm.rate=2" })
	@AutoConfigureMockMvc
	@DirtiesContext
	class UsersOwnHandler {

		@Autowired
		MockMvc mvc;

		@Test
		void applicationsExceptionHandlerWinsOverOurs() throws Exception {
			this.mvc.perform(get("/search")).andExpect(status().isOk());
			this.mvc.perform(get("/search"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string("busy: search"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ LimitedController.class, Backend.class })
	static class App {

		@Bean
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

	/**
	 * A service the controller calls: its limit is not the client's quota.
	 */
	static class Backend {

		@RateLimited("backend")
		int fetch(int item) {
			return item;
		}

	}

	@RestController
	static class LimitedController {

		private final Backend backend;

		LimitedController(Backend backend) {
			this.backend = backend;
		}

		@GetMapping("/pair")
		@RateLimited("search")
		@RateLimited("daily")
		String pair() {
			return "both";
		}

		@GetMapping("/fan-out")
		@RateLimited("search")
		String fanOut() {
			int sum = 0;
			for (int i = 0; i < 100; i++) {
				sum += this.backend.fetch(i);
			}
			return Integer.toString(sum);
		}

		@GetMapping("/search")
		@RateLimited("search")
		String search() {
			return "results";
		}

		@GetMapping("/warm")
		@RateLimited("warm")
		String warm() {
			return "warm";
		}

		@GetMapping("/client")
		@RateLimited(name = "perClient", key = "#request.remoteAddr")
		String client() {
			return "yours";
		}

		@GetMapping("/me")
		@RateLimited(name = "perClient", key = "#principal.name")
		String me() {
			return "you";
		}

	}

	@RestControllerAdvice
	static class OwnHandler {

		@ExceptionHandler(dev.limiter.autoconfigure.ratelimit.RateLimitExceededException.class)
		ResponseEntity<String> busy(dev.limiter.autoconfigure.ratelimit.RateLimitExceededException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("busy: " + ex.getLimitName());
		}

	}

}
