package dev.limiter.autoconfigure.actuate;

import dev.limiter.autoconfigure.actuate.ConcurrencyLimitsEndpoint.ConcurrencyLimitDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of the {@link ConcurrencyLimitsEndpoint}'s write: a change of an unknown
 * cap answers {@code 404 Not Found}, as a read of one does, rather than Spring Boot's
 * {@code 204 No Content} for a write that returns nothing. As
 * {@link RateLimitsEndpointWebExtension} does for rate limits.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ConcurrencyLimitsEndpoint.class)
public class ConcurrencyLimitsEndpointWebExtension {

	private final ConcurrencyLimitsEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint whose write it answers for
	 */
	public ConcurrencyLimitsEndpointWebExtension(ConcurrencyLimitsEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Changes a cap's most calls in flight, as
	 * {@link ConcurrencyLimitsEndpoint#setMaxConcurrent(String, int)}.
	 * @param name the cap's name
	 * @param maxConcurrent the new bound
	 * @return the cap as it is now, or 404 if there is no such cap
	 */
	@WriteOperation
	public WebEndpointResponse<ConcurrencyLimitDescriptor> setMaxConcurrent(@Selector String name, int maxConcurrent) {
		@Nullable ConcurrencyLimitDescriptor limit = this.delegate.setMaxConcurrent(name, maxConcurrent);
		return (limit != null) ? new WebEndpointResponse<>(limit)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
