package dev.limiter.autoconfigure.ratelimit;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * Makes the limiters of limits kept in one {@link RateLimitStore}: the shared limiter of
 * a limit and those of its client keys.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public interface RateLimiterFactory {

	/**
	 * Returns the store this factory makes limiters in.
	 * @return the store
	 */
	RateLimitStore store();

	/**
	 * Makes a limiter.
	 * @param settings the limit
	 * @param config what the limiter enforces (the limit's, with a rate changed at run
	 * time)
	 * @param clientKey the client key, or {@code null} for the limit's shared limiter
	 * @param firstFreeNanos for a store that keeps no state of dropped limiters, the
	 * moment from which the new limiter may be free (see
	 * {@link RateLimiter#create(RateLimiterConfig, TimeSource, long)})
	 * @return the limiter
	 */
	RateLimiter create(RateLimitSettings settings, RateLimiterConfig config, @Nullable Object clientKey,
			long firstFreeNanos);

	/**
	 * Returns whether a limiter's state and rate live in a store shared by every
	 * instance, so that a rate is changed once in the store, not pushed to each key's
	 * limiter from this instance's view of it (which another instance may have changed).
	 * @return whether the store keeps the state
	 */
	boolean keepsState();

	/**
	 * Forgets a limiter's state in the store, as an operator's reset; nothing for a store
	 * whose state lives in the limiter objects.
	 * @param settings the limit
	 * @param clientKey the client key, or {@code null} for the shared limiter
	 */
	void reset(RateLimitSettings settings, @Nullable Object clientKey);

	/**
	 * Returns why the store cannot be reached now, for health.
	 * @return the reason, or {@code null} while it can be (always, for memory)
	 */
	default @Nullable String unavailable() {
		return null;
	}

	/**
	 * Returns the factory of limiters in this instance's memory.
	 * @param timeSource the clock they run on
	 * @return the factory
	 */
	static RateLimiterFactory memory(TimeSource timeSource) {
		return new RateLimiterFactory() {

			@Override
			public RateLimitStore store() {
				return RateLimitStore.MEMORY;
			}

			@Override
			public RateLimiter create(RateLimitSettings settings, RateLimiterConfig config, @Nullable Object clientKey,
					long firstFreeNanos) {
				return RateLimiter.create(config, timeSource, firstFreeNanos);
			}

			@Override
			public boolean keepsState() {
				return false;
			}

			@Override
			public void reset(RateLimitSettings settings, @Nullable Object clientKey) {
			}

		};
	}

}
