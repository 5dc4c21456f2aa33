package dev.limiter.autoconfigure.retry;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * One retry policy as written in {@code application.yml}
 * ({@code limiter.retries.<name>}), or the defaults ({@code limiter.retry-defaults}).
 * What a policy leaves out comes from the defaults, and what both leave out from the
 * built-in default named on each property.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RetryProperties {

	/**
	 * How many times a call is made in all, counting the first: 3 means the first call
	 * and up to 2 retries. 1 or more; 3 when not set.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * Wait before the first retry. 0 or more; 100ms when not set.
	 */
	private @Nullable Duration delay;

	/**
	 * Factor each wait grows by after the first. 1 or more; 1 (a fixed delay) when not
	 * set.
	 */
	private @Nullable Double multiplier;

	/**
	 * Longest wait between attempts. At least the delay; 10s when not set.
	 */
	private @Nullable Duration maxDelay;

	/**
	 * Random spread around each wait, as in Spring Framework's ExponentialBackOff: the
	 * n-th wait is delay × multiplier^n ± jitter × multiplier^n. 0 or more, at most the
	 * delay; 0s when not set.
	 */
	private @Nullable Duration jitter;

	/**
	 * Exception types that are retried, with their subclasses, also when they are the
	 * cause of the failure. Every Exception when not set, so an Error is retried only
	 * when listed. A VirtualMachineError (such as OutOfMemoryError) or a LinkageError is
	 * never retried, even when Throwable or Error is listed.
	 */
	private @Nullable List<Class<? extends Throwable>> retryOn;

	/**
	 * Exception types that are never retried, even when listed in retry-on.
	 */
	private @Nullable List<Class<? extends Throwable>> ignore;

	/**
	 * Name of a bean, a Predicate of Throwable, that must also accept a failure for it to
	 * be retried.
	 */
	private @Nullable String predicate;

	/**
	 * Whether to wait as long as a failure's Retry-After hint says (a
	 * RateLimitExceededException, or an HTTP 429 or 503 from RestClient or RestTemplate),
	 * when that is longer than the back-off. true when not set.
	 */
	private @Nullable Boolean honorRetryAfter;

	/**
	 * Longest Retry-After hint waited for. A failure with a longer hint is not retried (a
	 * retry any sooner would fail again): the recover method answers, or the failure
	 * propagates, and no retry budget is spent. 0 or more; 30s when not set.
	 */
	private @Nullable Duration maxRetryAfter;

	/**
	 * How many retries the policy may spend, so that it cannot become a retry storm.
	 */
	@NestedConfigurationProperty
	private final Budget budget = new Budget();

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Duration getDelay() {
		return this.delay;
	}

	public void setDelay(@Nullable Duration delay) {
		this.delay = delay;
	}

	public @Nullable Double getMultiplier() {
		return this.multiplier;
	}

	public void setMultiplier(@Nullable Double multiplier) {
		this.multiplier = multiplier;
	}

	public @Nullable Duration getMaxDelay() {
		return this.maxDelay;
	}

	public void setMaxDelay(@Nullable Duration maxDelay) {
		this.maxDelay = maxDelay;
	}

	public @Nullable Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(@Nullable Duration jitter) {
		this.jitter = jitter;
	}

	public @Nullable List<Class<? extends Throwable>> getRetryOn() {
		return this.retryOn;
	}

	public void setRetryOn(@Nullable List<Class<? extends Throwable>> retryOn) {
		this.retryOn = retryOn;
	}

	public @Nullable List<Class<? extends Throwable>> getIgnore() {
		return this.ignore;
	}

	public void setIgnore(@Nullable List<Class<? extends Throwable>> ignore) {
		this.ignore = ignore;
	}

	public @Nullable String getPredicate() {
		return this.predicate;
	}

	public void setPredicate(@Nullable String predicate) {
		this.predicate = predicate;
	}

	public @Nullable Boolean getHonorRetryAfter() {
		return this.honorRetryAfter;
	}

	public void setHonorRetryAfter(@Nullable Boolean honorRetryAfter) {
		this.honorRetryAfter = honorRetryAfter;
	}

	public @Nullable Duration getMaxRetryAfter() {
		return this.maxRetryAfter;
	}

	public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
		this.maxRetryAfter = maxRetryAfter;
	}

	public Budget getBudget() {
		return this.budget;
	}

	/**
	 * The retry budget: over any 10 s, retries add at most ratio × first attempts, plus
	 * min-per-second × 10.
	 */
	public static class Budget {

		/**
		 * Retries allowed per first attempt: 0.2 lets retries add at most 20 % to the
		 * calls made. 0 or more; 0.2 when not set.
		 */
		private @Nullable Double ratio;

		/**
		 * Retries allowed per second whatever the traffic, so that a quiet service can
		 * still retry. 0 or more; 10 when not set.
		 */
		private @Nullable Double minPerSecond;

		public @Nullable Double getRatio() {
			return this.ratio;
		}

		public void setRatio(@Nullable Double ratio) {
			this.ratio = ratio;
		}

		public @Nullable Double getMinPerSecond() {
			return this.minPerSecond;
		}

		public void setMinPerSecond(@Nullable Double minPerSecond) {
			this.minPerSecond = minPerSecond;
		}

	}

}
