package dev.limiter.autoconfigure.web;

import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.limiter.autoconfigure.ratelimit.RateLimitObserver;
import dev.limiter.autoconfigure.ratelimit.RateLimitSettings;
import dev.limiter.core.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Adds {@code RateLimit-Policy} and {@code RateLimit} to the response of a servlet
 * request for the limits on the request's handler method: one entry per limit, however
 * many times the limit admits a call during the request (the last state wins).
 *
 * <p>
 * Limits on other methods the handler calls (a service, a client of another system) are
 * not announced: they are not the client's quota, and a controller making a hundred
 * limited calls would otherwise send a hundred contradictory lines, past the header
 * buffer of proxies such as nginx. A rejection by such a limit still answers {@code 429}
 * with that limit's fields ({@link RateLimitExceptionHandler}).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ServletRateLimitHeaders implements RateLimitObserver {

	/** The request attribute holding the entries written so far, by limit name. */
	private static final String FIELDS = ServletRateLimitHeaders.class.getName() + ".fields";

	@Override
	public void admitted(Method method, RateLimitSettings settings, RateLimiter limiter) {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return;
		}
		HttpServletRequest request = attributes.getRequest();
		HttpServletResponse response = attributes.getResponse();
		if (response == null || response.isCommitted() || !isHandler(request, method)) {
			return;
		}
		@SuppressWarnings("unchecked")
		Map<String, String[]> fields = (Map<String, String[]>) request.getAttribute(FIELDS);
		if (fields == null) {
			fields = new LinkedHashMap<>();
			request.setAttribute(FIELDS, fields);
		}
		fields.put(settings.name(),
				new String[] { RateLimitFields.policy(settings.name(), settings.limiter().permitsPerSecond()),
						RateLimitFields.limit(settings.name(), limiter.snapshot()) });
		write(response, fields);
	}

	private static boolean isHandler(HttpServletRequest request, Method method) {
		return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
				&& handler.getMethod().equals(method);
	}

	private static void write(HttpServletResponse response, Map<String, String[]> fields) {
		Iterator<String[]> entries = fields.values().iterator();
		String[] first = entries.next();
		response.setHeader(RateLimitFields.POLICY, first[0]);
		response.setHeader(RateLimitFields.LIMIT, first[1]);
		while (entries.hasNext()) {
			String[] entry = entries.next();
			response.addHeader(RateLimitFields.POLICY, entry[0]);
			response.addHeader(RateLimitFields.LIMIT, entry[1]);
		}
	}

}
