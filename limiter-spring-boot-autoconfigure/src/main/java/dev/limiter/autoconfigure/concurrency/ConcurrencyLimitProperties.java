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
	 * The most calls in flight at once; 1 or more. Required. For an adaptive limit, the
	 * most it may grow to.
	 */
	private @Nullable Integer maxConcurrent;

	/**
	 * Whether the cap follows measured latency between min-concurrent and max-concurrent
	 * (Netflix's Vegas algorithm), starting at min-concurrent.
	 */
	private boolean adaptive;

	/**
	 * The least an adaptive cap shrinks to, and where it starts; 1 to max-concurrent.
	 * Only for an adaptive limit; 1 when not set.
	 */
	private @Nullable Integer minConcurrent;

	/**
	 * How long a call may wait for a slot; 0 rejects at once. 0s when not set.
	 */
	private Duration timeout = Duration.ZERO;

	/**
	 * The most calls waiting for a slot at once; the next are rejected at once. 0 or
	 * more; max-concurrent when not set.
	 */
	private @Nullable Integer maxWaiting;

	/**
	 * Whether the limit only counts and logs the calls that found no free slot, and lets
	 * them run.
	 */
	private boolean dryRun;

	/**
	 * The most client keys a per-client use of the limit holds; 1 or more. 10,000 when
	 * not set. A key with calls in flight or waiting is never dropped.
	 */
	private @Nullable Long maxKeys;

	/**
	 * How long a client key may go unused before it is dropped; positive. 10m when not
	 * set.
	 */
	private @Nullable Duration keyIdleExpiry;

	public @Nullable Integer getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
	}

	public boolean isAdaptive() {
		return this.adaptive;
	}

	public void setAdaptive(boolean adaptive) {
		this.adaptive = adaptive;
	}

	public @Nullable Integer getMinConcurrent() {
		return this.minConcurrent;
	}

	public void setMinConcurrent(@Nullable Integer minConcurrent) {
		this.minConcurrent = minConcurrent;
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

	public boolean isDryRun() {
		return this.dryRun;
	}

	public void setDryRun(boolean dryRun) {
		this.dryRun = dryRun;
	}

	public @Nullable Long getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(@Nullable Long maxKeys) {
		this.maxKeys = maxKeys;
	}

	public @Nullable Duration getKeyIdleExpiry() {
		return this.keyIdleExpiry;
	}

	public void setKeyIdleExpiry(@Nullable Duration keyIdleExpiry) {
		this.keyIdleExpiry = keyIdleExpiry;
	}

}
