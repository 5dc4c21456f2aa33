package dev.limiter.sample;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stands in for a flaky downstream service: it answers
 * {@code sample.downstream.failures-per-success} times (2 by default: a failure rate of
 * two in three; 0: never fails) {@code 503 Service Unavailable} with
 * {@code Retry-After: 1}, then once {@code 200}, and so on. In turn, not at random, so
 * the README's walk-through shows the same answers every time.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class FlakyDownstreamController {

	private final AtomicLong requests = new AtomicLong();

	private final int failuresPerSuccess;

	FlakyDownstreamController(DownstreamProperties properties) {
		this.failuresPerSuccess = properties.failuresPerSuccess();
	}

	@GetMapping("/downstream/stock")
	ResponseEntity<String> stock() {
		long n = this.requests.getAndIncrement();
		if (n % (this.failuresPerSuccess + 1) != this.failuresPerSuccess) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").build();
		}
		return ResponseEntity.ok("17");
	}

}
