package dev.limiter.sample;

import java.util.Map;
import java.util.TreeMap;

import dev.limiter.autoconfigure.ratelimit.KeyedRateLimiter;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.ratelimit.RegisteredRateLimit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that show each kind of limit; the limits themselves are in
 * {@code application.yml}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class SearchController {

	private final RateLimitRegistry limits;

	SearchController(RateLimitRegistry limits) {
		this.limits = limits;
	}

	/**
	 * A warming-up limit: cold, it admits a third of its rate, and speeds up as it is
	 * used.
	 */
	@GetMapping("/search")
	@RateLimited("search")
	String search() {
		return "search results\n";
	}

	/**
	 * One limit per client address.
	 */
	@GetMapping("/profile")
	@RateLimited(name = "per-client", key = "#request.remoteAddr")
	String profile() {
		return "your profile\n";
	}

	/**
	 * Paced: a call waits up to 2 s for its permit instead of being rejected.
	 */
	@GetMapping("/export")
	@RateLimited("paced")
	String export() {
		return "export started\n";
	}

	/**
	 * The live state of every limit: a shared limiter's snapshot, or how many client keys
	 * a per-client limit holds. (Actuator's fuller view comes later.)
	 */
	@GetMapping("/limits")
	Map<String, Object> limits() {
		Map<String, Object> state = new TreeMap<>();
		for (RegisteredRateLimit limit : this.limits.all()) {
			KeyedRateLimiter<Object> keyed = limit.keyed();
			state.put(limit.settings().name(),
					(keyed != null) ? Map.of("keys", keyed.size()) : limit.shared().snapshot());
		}
		return state;
	}

}
