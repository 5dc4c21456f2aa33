package dev.limiter.redis;

/**
 * What a Redis-backed limit does while Redis cannot be reached (an error, or a command
 * slower than the connection's timeout).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public enum OutagePolicy {

	/** Admit every call: availability over protection. */
	ALLOW,

	/**
	 * Reject every call that could be rejected: protection over availability. A
	 * reservation that must succeed ({@code reserveNanos}, {@code acquire}) fails with a
	 * {@link RedisUnavailableException}.
	 */
	DENY,

	/**
	 * Limit each instance on its own, with an in-memory limiter of the same
	 * configuration, until Redis is back: the limit holds per instance instead of for the
	 * whole service.
	 */
	LOCAL

}
