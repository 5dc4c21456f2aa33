package dev.limiter.sample;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.limiter.autoconfigure.ratelimit.RateLimited;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders, under two limits at once: 2 per second and 20 per minute. A call runs only if
 * both admit it; a rejection names every limit that refused and the longest wait.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class OrderController {

	private final AtomicLong orders = new AtomicLong();

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	@RateLimited("orders-per-second")
	@RateLimited("orders-per-minute")
	Map<String, Long> order() {
		return Map.of("order", this.orders.incrementAndGet());
	}

}
