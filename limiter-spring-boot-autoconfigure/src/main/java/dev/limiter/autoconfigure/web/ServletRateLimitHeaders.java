package dev.limiter.autoconfigure.web;

import dev.limiter.autoconfigure.ratelimit.RateLimitObserver;
import dev.limiter.autoconfigure.ratelimit.RateLimitSettings;
import dev.limiter.core.RateLimiter;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Adds {@code RateLimit-Policy} and {@code RateLimit} to the response of a servlet
 * request whose call a limit admitted, one field line per limit. Calls outside a request
 * are left alone.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ServletRateLimitHeaders implements RateLimitObserver {

	@Override
	public void admitted(RateLimitSettings settings, RateLimiter limiter) {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletResponse response = attributes.getResponse();
			if (response != null && !response.isCommitted()) {
				response.addHeader(RateLimitFields.POLICY,
						RateLimitFields.policy(settings.name(), settings.limiter().permitsPerSecond()));
				response.addHeader(RateLimitFields.LIMIT, RateLimitFields.limit(settings.name(), limiter.snapshot()));
			}
		}
	}

}
