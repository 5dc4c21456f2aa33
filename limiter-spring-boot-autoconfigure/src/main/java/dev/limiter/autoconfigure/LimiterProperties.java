package dev.limiter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.limiter.autoconfigure.ratelimit.RateLimitProperties;
import dev.limiter.autoconfigure.retry.RetryProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration under {@code limiter}: named rate limits and retry policies, the defaults
 * they fall back to, and the web integration.
 *
 * <pre>
 * limiter:
 *   rate-limit-defaults:
 *     timeout: 100ms
 *   rate-limits:
 *     search:
 *       rate: 10
 *       warmup: 3s
 * </pre>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@ConfigurationProperties("limiter")
public class LimiterProperties {

	/**
	 * Values every rate limit falls back to for what it leaves out, including limits
	 * given inline on {@code @RateLimited}.
	 */
	@NestedConfigurationProperty
	private final RateLimitProperties rateLimitDefaults = new RateLimitProperties();

	/**
	 * Named rate limits, used with {@code @RateLimited("name")}.
	 */
	private final Map<String, RateLimitProperties> rateLimits = new LinkedHashMap<>();

	/**
	 * Values every retry policy falls back to for what it leaves out, including policies
	 * given inline on {@code @Retried}.
	 */
	@NestedConfigurationProperty
	private final RetryProperties retryDefaults = new RetryProperties();

	/**
	 * Named retry policies, used with {@code @Retried("name")}.
	 */
	private final Map<String, RetryProperties> retries = new LinkedHashMap<>();

	private final Web web = new Web();

	public RateLimitProperties getRateLimitDefaults() {
		return this.rateLimitDefaults;
	}

	public Map<String, RateLimitProperties> getRateLimits() {
		return this.rateLimits;
	}

	public RetryProperties getRetryDefaults() {
		return this.retryDefaults;
	}

	public Map<String, RetryProperties> getRetries() {
		return this.retries;
	}

	public Web getWeb() {
		return this.web;
	}

	/**
	 * How rate limits show in HTTP responses.
	 */
	public static class Web {

		/**
		 * Whether to add the RateLimit-Policy and RateLimit fields to responses that were
		 * admitted; rejected responses always carry them.
		 */
		private boolean headersOnAdmitted = true;

		public boolean isHeadersOnAdmitted() {
			return this.headersOnAdmitted;
		}

		public void setHeadersOnAdmitted(boolean headersOnAdmitted) {
			this.headersOnAdmitted = headersOnAdmitted;
		}

	}

}
