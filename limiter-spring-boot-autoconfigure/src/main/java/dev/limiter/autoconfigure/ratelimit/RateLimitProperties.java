package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One rate limit as written in {@code application.yml}
 * ({@code limiter.rate-limits.<name>}), or the defaults
 * ({@code limiter.rate-limit-defaults}). Every value may be left out; what a limit leaves
 * out comes from the defaults, and what both leave out from the built-in default named on
 * each property. {@link RateLimitSettings#resolve} checks the result.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitProperties {

	/**
	 * Permits per second once warm, from 1e-9 (one permit in about 31.7 years) to 1e9.
	 * Required: on the limit or in the defaults.
	 */
	private @Nullable Double rate;

	/**
	 * How long a cold limit takes to reach its rate. Set it for a warming-up limit; leave
	 * it out for a smooth bursty one.
	 */
	private @Nullable Duration warmup;

	/**
	 * How many times slower than its rate a cold warming-up limit starts. From 1 to 1e6;
	 * 3 when not set.
	 */
	private @Nullable Double coldFactor;

	/**
	 * How much idle time a bursty limit stores as permits handed out at once. 0 or more;
	 * 1s when not set.
	 */
	private @Nullable Duration maxBurst;

	/**
	 * How long a call may wait for a permit; 0 rejects at once. 0s when not set.
	 */
	private @Nullable Duration timeout;

	/**
	 * Whether to only count and log the calls the limit would reject, without rejecting
	 * them. false when not set.
	 */
	private @Nullable Boolean dryRun;

	/**
	 * The most client keys a per-client limit holds in memory. 1 or more; 10000 when not
	 * set.
	 */
	private @Nullable Long maxKeys;

	/**
	 * How long a client key may go unused before a per-client limit drops it. Positive;
	 * 10m when not set.
	 */
	private @Nullable Duration keyIdleExpiry;

	/**
	 * Where the limit keeps its state: memory (each instance admits the whole rate) or
	 * redis (shared by every instance). memory when not set.
	 */
	private @Nullable RateLimitStore store;

	public @Nullable Double getRate() {
		return this.rate;
	}

	public void setRate(@Nullable Double rate) {
		this.rate = rate;
	}

	public @Nullable Duration getWarmup() {
		return this.warmup;
	}

	public void setWarmup(@Nullable Duration warmup) {
		this.warmup = warmup;
	}

	public @Nullable Double getColdFactor() {
		return this.coldFactor;
	}

	public void setColdFactor(@Nullable Double coldFactor) {
		this.coldFactor = coldFactor;
	}

	public @Nullable Duration getMaxBurst() {
		return this.maxBurst;
	}

	public void setMaxBurst(@Nullable Duration maxBurst) {
		this.maxBurst = maxBurst;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Boolean getDryRun() {
		return this.dryRun;
	}

	public void setDryRun(@Nullable Boolean dryRun) {
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

	public @Nullable RateLimitStore getStore() {
		return this.store;
	}

	public void setStore(@Nullable RateLimitStore store) {
		this.store = store;
	}

}
