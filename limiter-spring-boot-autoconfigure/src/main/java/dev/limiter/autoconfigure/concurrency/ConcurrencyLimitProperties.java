package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One cap on calls in flight as written in {@code application.yml}
 * ({@code limiter.concurrency-limits.<name>}).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitProperties {

	/**
	 * The most calls in flight at once; 1 or more. Required.
	 */
	private @Nullable Integer maxConcurrent;

	/**
	 * How long a call may wait for a slot; 0 rejects at once. 0s when not set.
	 */
	private Duration timeout = Duration.ZERO;

	/**
	 * The most calls waiting for a slot at once; the next are rejected at once. 0 or
	 * more; max-concurrent when not set.
	 */
	private @Nullable Integer maxWaiting;

	public @Nullable Integer getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Integer getMaxWaiting() {
		return this.maxWaiting;
	}

	public void setMaxWaiting(@Nullable Integer maxWaiting) {
		this.maxWaiting = maxWaiting;
	}

}
