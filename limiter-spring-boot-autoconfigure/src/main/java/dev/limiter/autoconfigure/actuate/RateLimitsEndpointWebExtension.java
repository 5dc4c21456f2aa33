package dev.limiter.autoconfigure.actuate;

import dev.limiter.autoconfigure.actuate.RateLimitsEndpoint.RateLimitDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of the {@link RateLimitsEndpoint}'s writes: a rate change or reset of an
 * unknown limit or client key answers {@code 404 Not Found}, as a read of one does.
 * Without it, Spring Boot answers a write that returns nothing with
 * {@code 204 No Content}, which reads as success. JMX keeps the endpoint's own
 * operations. Spring Boot's {@code CachesEndpointWebExtension} does the same for caches.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = RateLimitsEndpoint.class)
public class RateLimitsEndpointWebExtension {

	private final RateLimitsEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint whose writes it answers for
	 */
	public RateLimitsEndpointWebExtension(RateLimitsEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Changes a limit's rate, as {@link RateLimitsEndpoint#setRate(String, double)}.
	 * @param name the limit's name
	 * @param rate the new rate, in permits per second
	 * @return the limit as it is now, or 404 if there is no such limit
	 */
	@WriteOperation
	public WebEndpointResponse<RateLimitDescriptor> setRate(@Selector String name, double rate) {
		return found(this.delegate.setRate(name, rate));
	}

	/**
	 * Resets a limit or forgets one client key, as
	 * {@link RateLimitsEndpoint#reset(String, String)}.
	 * @param name the limit's name
	 * @param key a client key, as text, or none for the whole limit
	 * @return the limit as it is now, or 404 if there is no such limit or key
	 */
	@DeleteOperation
	public WebEndpointResponse<RateLimitDescriptor> reset(@Selector String name, @Nullable String key) {
		return found(this.delegate.reset(name, key));
	}

	private static WebEndpointResponse<RateLimitDescriptor> found(@Nullable RateLimitDescriptor limit) {
		return (limit != null) ? new WebEndpointResponse<>(limit)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
