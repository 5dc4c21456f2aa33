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
	 * What {@link #tryReserveAll} answers when the store does not decide the limiters
	 * together.
	 */
	long UNDECIDED = Long.MIN_VALUE;

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
	 * @return whether the store held a state for it (never, for memory)
	 */
	boolean reset(RateLimitSettings settings, @Nullable Object clientKey);

	/**
	 * Forgets the state of a limit's shared limiter and of every client key in the store,
	 * including keys this instance does not hold, as an operator's reset of the limit;
	 * nothing for a store whose state lives in the limiter objects.
	 * @param settings the limit
	 */
	void resetAll(RateLimitSettings settings);

	/**
	 * Decides a call under several of this store's limiters at once, atomically, if the
	 * store can: either every limiter grants its permits at the moment the call will run
	 * (the latest of their free moments), or, when any limiter's wait is longer than its
	 * timeout, none takes anything. A store that cannot answers {@link #UNDECIDED} (the
	 * default), and the caller decides limiter by limiter.
	 * @param limiters distinct limiters made by this factory
	 * @param permits what each is asked for
	 * @param timeoutNanos how long each may make the call wait
	 * @param waits filled with each limiter's wait when the call is rejected
	 * @return the call's wait if every limiter granted it,
	 * {@link RateLimiter#NOT_RESERVED} if it was rejected, {@link #UNDECIDED} if the
	 * limiters were not decided together
	 */
	default long tryReserveAll(RateLimiter[] limiters, int[] permits, long[] timeoutNanos, long[] waits) {
		return UNDECIDED;
	}

	/**
	 * Returns why the store cannot be reached now, for health.
	 * @return the reason, or {@code null} while it can be (always, for memory)
	 */
	default @Nullable String unavailable() {
		return null;
	}

	/**
	 * Returns what the store knows of an outage in progress, without asking it: for the
	 * Actuator endpoint, which must not wait on a store that is down.
	 * @return why the store cannot be reached and what calls get meanwhile, or
	 * {@code null} (always, for memory)
	 */
	default @Nullable String outage() {
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
			public boolean reset(RateLimitSettings settings, @Nullable Object clientKey) {
				return false;
			}

			@Override
			public void resetAll(RateLimitSettings settings) {
			}

		};
	}

}
