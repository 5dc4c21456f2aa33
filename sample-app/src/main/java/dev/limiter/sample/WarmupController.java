package dev.limiter.sample;

import java.time.Duration;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.RateLimiterSnapshot;
import dev.limiter.core.TimeSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A warming-up limit of 5 requests per second that starts cold, at a third of that, and reaches
 * its full rate after 4 seconds of use; idle for 4 seconds, it is cold again.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class WarmupController {

	private final RateLimiter limiter;

	WarmupController(TimeSource timeSource) {
		this.limiter = RateLimiter.create(RateLimiterConfig.warmingUp(5, Duration.ofSeconds(4)), timeSource);
	}

	@GetMapping("/warmup")
	ResponseEntity<String> warmup() {
		if (this.limiter.tryAcquire()) {
			return ResponseEntity.ok("permitted\n");
		}
		long waitNanos = this.limiter.queryWaitNanos(1);
		long retryAfterSeconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
			.body("rejected: next permit in " + Duration.ofNanos(waitNanos) + "\n");
	}

	@GetMapping("/warmup/state")
	RateLimiterSnapshot state() {
		return this.limiter.snapshot();
	}

}
