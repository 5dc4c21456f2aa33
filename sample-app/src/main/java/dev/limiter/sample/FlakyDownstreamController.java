package dev.limiter.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stands in for a flaky downstream service: two requests out of three get
 * {@code 503 Service
 * Unavailable} with {@code Retry-After: 1}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class FlakyDownstreamController {

	private final AtomicLong requests = new AtomicLong();

	@GetMapping("/downstream/stock")
	ResponseEntity<String> stock() {
		if (this.requests.incrementAndGet() % 3 != 0) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").build();
		}
		return ResponseEntity.ok("17");
	}

}
