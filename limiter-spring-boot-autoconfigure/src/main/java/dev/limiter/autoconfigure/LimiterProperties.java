package dev.limiter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitProperties;
import dev.limiter.autoconfigure.ratelimit.RateLimitProperties;
import dev.limiter.autoconfigure.retry.RetryProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration under {@code limiter}: named rate limits and retry policies, the defaults
 * they fall back to, the switches and order of the two advice, and the web integration.
 * Any other key under {@code limiter.} fails startup (the names are read from this class
 * and its nested types), so a misspelt key cannot be silently ignored.
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
	 * The rate limit advice of RateLimited methods.
	 */
	private final RateLimit rateLimit = new RateLimit();

	/**
	 * Values every rate limit falls back to for what it leaves out, including limits
	 * given inline on the RateLimited annotation.
	 */
	@NestedConfigurationProperty
	private final RateLimitProperties rateLimitDefaults = new RateLimitProperties();

	/**
	 * Named rate limits, each used with RateLimited("name").
	 */
	private final Map<String, RateLimitProperties> rateLimits = new LinkedHashMap<>();

	/**
	 * The retry advice of Retried methods.
	 */
	private final Retry retry = new Retry();

	/**
	 * Values every retry policy falls back to for what it leaves out, including policies
	 * given inline on the Retried annotation.
	 */
	@NestedConfigurationProperty
	private final RetryProperties retryDefaults = new RetryProperties();

	/**
	 * Named retry policies, each used with Retried("name").
	 */
	private final Map<String, RetryProperties> retries = new LinkedHashMap<>();

	/**
	 * The concurrency limit advice of ConcurrencyLimited methods.
	 */
	private final ConcurrencyLimit concurrencyLimit = new ConcurrencyLimit();

	/**
	 * Named caps on calls in flight, each used with ConcurrencyLimited("name").
	 */
	private final Map<String, ConcurrencyLimitProperties> concurrencyLimits = new LinkedHashMap<>();

	/**
	 * How rate limits show in HTTP responses.
	 */
	private final Web web = new Web();

	/**
	 * The Redis store, for limits with store: redis.
	 */
	private final Redis redis = new Redis();

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public RateLimitProperties getRateLimitDefaults() {
		return this.rateLimitDefaults;
	}

	public Map<String, RateLimitProperties> getRateLimits() {
		return this.rateLimits;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public RetryProperties getRetryDefaults() {
		return this.retryDefaults;
	}

	public Map<String, RetryProperties> getRetries() {
		return this.retries;
	}

	public ConcurrencyLimit getConcurrencyLimit() {
		return this.concurrencyLimit;
	}

	public Map<String, ConcurrencyLimitProperties> getConcurrencyLimits() {
		return this.concurrencyLimits;
	}

	public Web getWeb() {
		return this.web;
	}

	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * The rate limit advice: whether it is on, and where it runs among other advice. Both
	 * are read before this class is bound (by a condition, and by the advisor, which is
	 * made before other beans); they are fields so that they are known, documented and
	 * completed by IDEs.
	 */
	public static class RateLimit {

		/**
		 * Where the rate limit advice runs among other advice when
		 * {@code limiter.rate-limit.order} is not set: inside {@code @Retried} (so every
		 * attempt pays for a permit) and outside {@code @Transactional} (so a rejected
		 * call opens no transaction). It is {@code Ordered.LOWEST_PRECEDENCE - 1000},
		 * written as a literal because the configuration processor records only literal
		 * defaults in the IDE metadata.
		 */
		public static final int DEFAULT_ORDER = 2147482647;

		/**
		 * Whether to limit the rate of calls to RateLimited methods.
		 */
		private boolean enabled = true;

		/**
		 * Order of the rate limit advice among other advice: lower runs further outside.
		 * By default inside Retried and outside Transactional, so that every retry
		 * attempt pays for a permit and a rejected call opens no transaction.
		 */
		private int order = DEFAULT_ORDER;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

	}

	/**
	 * The retry advice: whether it is on, and where it runs among other advice. Read
	 * before this class is bound, like {@link RateLimit}.
	 */
	public static class Retry {

		/**
		 * Where the retry advice runs among other advice when {@code limiter.retry.order}
		 * is not set: outside {@code @RateLimited} (every attempt pays for a permit) and
		 * {@code @Transactional} (every attempt gets its own transaction). It is
		 * {@code Ordered.LOWEST_PRECEDENCE - 2000}, a literal like
		 * {@link RateLimit#DEFAULT_ORDER}.
		 */
		public static final int DEFAULT_ORDER = 2147481647;

		/**
		 * Whether to retry calls to Retried methods.
		 */
		private boolean enabled = true;

		/**
		 * Order of the retry advice among other advice: lower runs further outside. By
		 * default outside RateLimited and Transactional, so that every attempt is rate
		 * limited and gets its own transaction.
		 */
		private int order = DEFAULT_ORDER;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

	}

	/**
	 * The Redis store of rate limits.
	 */
	public static class Redis {

		/**
		 * What every Redis key of a limit starts with, before the limit's name in braces
		 * (its Redis Cluster hash tag). At most 48 characters, without braces.
		 */
		private String keyPrefix = "limiter:";

		/**
		 * What calls get while Redis cannot be reached: allow (admit them), deny (reject
		 * them) or local (an in-memory limit per instance meanwhile).
		 */
		private OnFailure onFailure = OnFailure.LOCAL;

		/**
		 * How long a rate limit decision may wait for Redis; a slower answer counts as a
		 * failure and on-failure decides the call. The connection's own timeout
		 * (spring.data.redis.timeout) still applies to resets and health checks.
		 */
		private Duration commandTimeout = Duration.ofMillis(100);

		/**
		 * How long calls skip Redis after it failed, before one call tries it again.
		 */
		private Duration retryInterval = Duration.ofSeconds(1);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public OnFailure getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(OnFailure onFailure) {
			this.onFailure = onFailure;
		}

		public Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		public void setCommandTimeout(Duration commandTimeout) {
			this.commandTimeout = commandTimeout;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		/**
		 * What Redis-backed limits do while Redis cannot be reached.
		 */
		public enum OnFailure {

			/** Admit every call. */
			ALLOW,

			/** Reject every call that can be rejected. */
			DENY,

			/** Limit each instance on its own, in memory. */
			LOCAL

		}

	}

	/**
	 * The concurrency limit advice: whether it is on, and where it runs among other
	 * advice. Read before this class is bound, like {@link RateLimit}.
	 */
	public static class ConcurrencyLimit {

		/**
		 * Where the concurrency limit advice runs among other advice when
		 * {@code limiter.concurrency-limit.order} is not set: inside {@code @RateLimited}
		 * and {@code @Retried} (a call a rate limit rejects or makes wait holds no slot;
		 * every retry attempt takes its own) and outside {@code @Transactional}. It is
		 * {@code Ordered.LOWEST_PRECEDENCE - 500}, a literal like
		 * {@link RateLimit#DEFAULT_ORDER}.
		 */
		public static final int DEFAULT_ORDER = 2147483147;

		/**
		 * Whether to cap calls in flight to ConcurrencyLimited methods.
		 */
		private boolean enabled = true;

		/**
		 * Order of the concurrency limit advice among other advice: lower runs further
		 * outside. By default inside RateLimited and Retried, outside Transactional.
		 */
		private int order = DEFAULT_ORDER;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

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

		/**
		 * Whether to answer a rejected controller call with the 429 directly when no
		 * handler or advice of the application's would handle the rejection: the same
		 * response, without Spring MVC's exception handler machinery; false sends every
		 * rejection through it.
		 */
		private boolean directRejections = true;

		public boolean isDirectRejections() {
			return this.directRejections;
		}

		public void setDirectRejections(boolean directRejections) {
			this.directRejections = directRejections;
		}

	}

}
