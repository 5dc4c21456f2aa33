package dev.limiter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What the Redis limiters of one application share: the connection and the command
 * timeout their script runs within, whether Redis answers, and what calls get while it
 * does not. It makes the {@link RedisRateLimiter}s, and decides a call under several of
 * them in one script call.
 *
 * <p>
 * Redis runs on the application's {@link LettuceConnectionFactory} (Spring Boot's default
 * client): the script is sent asynchronously and awaited for at most the command timeout,
 * which the connection's own timeout cannot do for one kind of command only.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RedisStore {

	/**
	 * What {@link #tryReserveAll} answers when it cannot decide the limiters together.
	 */
	public static final long UNDECIDED = Long.MIN_VALUE;

	/** Each limiter of a joint decision takes this many script arguments. */
	static final int ARGS_PER_LIMITER = 6;

	private final LettuceConnectionFactory connections;

	private final LimiterScript script;

	private final TimeSource timeSource;

	private final RedisAvailability availability;

	private final OutagePolicy outagePolicy;

	private final LongSupplier scriptNowMicros;

	/**
	 * Creates a store on Redis server time.
	 * @param connections the application's connection factory
	 * @param commandTimeout how long a decision may wait for Redis before the outage
	 * policy answers it; positive
	 * @param timeSource what callers that wait for a permit wait on
	 * @param availability whether Redis answers
	 * @param outagePolicy what calls get while it does not
	 */
	public RedisStore(LettuceConnectionFactory connections, Duration commandTimeout, TimeSource timeSource,
			RedisAvailability availability, OutagePolicy outagePolicy) {
		this(connections, commandTimeout, timeSource, availability, outagePolicy, () -> -1);
	}

	/**
	 * Creates a store whose script takes the time from {@code scriptNowMicros} instead of
	 * Redis {@code TIME}, so that tests are exact.
	 */
	RedisStore(LettuceConnectionFactory connections, Duration commandTimeout, TimeSource timeSource,
			RedisAvailability availability, OutagePolicy outagePolicy, LongSupplier scriptNowMicros) {
		this.connections = connections;
		this.script = new LimiterScript(connections, commandTimeout);
		this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
		this.availability = Objects.requireNonNull(availability, "availability must not be null");
		this.outagePolicy = Objects.requireNonNull(outagePolicy, "outagePolicy must not be null");
		this.scriptNowMicros = scriptNowMicros;
	}

	/**
	 * Makes a limiter.
	 * @param stateKey where its state lives
	 * @param rateKey where its limit's live rate lives, in the same Redis Cluster slot
	 * @param config what it enforces until a live rate change
	 * @return the limiter
	 */
	public RedisRateLimiter limiter(String stateKey, String rateKey, RateLimiterConfig config) {
		return limiter(stateKey, rateKey, config, Long.MIN_VALUE);
	}

	/**
	 * Makes a limiter whose {@link OutagePolicy#LOCAL local} limiter is free only from a
	 * given moment: a per-key registry that dropped this key's previous limiter during an
	 * outage passes what it owed.
	 * @param stateKey where its state lives
	 * @param rateKey where its limit's live rate lives, in the same Redis Cluster slot
	 * @param config what it enforces until a live rate change
	 * @param localFirstFreeNanos the time source's reading from which the local limiter
	 * may be free
	 * @return the limiter
	 */
	public RedisRateLimiter limiter(String stateKey, String rateKey, RateLimiterConfig config,
			long localFirstFreeNanos) {
		return new RedisRateLimiter(this, stateKey, rateKey, config, localFirstFreeNanos);
	}

	/**
	 * Decides a call under several limiters of this store in one script call, atomically:
	 * either every limiter grants its permits at the moment the call will run (the latest
	 * of their free moments, as {@link RateLimiter#tryReserveAt}), or, when any limiter's
	 * wait is longer than its timeout, none takes anything. A limiter that Redis recently
	 * answered is certainly busy for longer than its timeout rejects the call without a
	 * round trip.
	 * <p>
	 * The keys of one script call must share a Redis Cluster slot, which those of
	 * different limits do not (each limit's name is its keys' hash tag): on Redis
	 * Cluster, and while Redis cannot be reached, this answers {@link #UNDECIDED}, and
	 * the caller decides limiter by limiter.
	 * @param limiters distinct limiters of this store
	 * @param permits what each is asked for
	 * @param timeoutNanos how long each may make the call wait
	 * @param waits filled with each limiter's wait when the call is rejected (a lower
	 * bound when it was rejected locally)
	 * @return the call's wait if every limiter granted it,
	 * {@link RateLimiter#NOT_RESERVED} if it was rejected, {@link #UNDECIDED} if the
	 * limiters were not decided together
	 */
	public long tryReserveAll(RedisRateLimiter[] limiters, int[] permits, long[] timeoutNanos, long[] waits) {
		if (this.connections.isClusterAware()) {
			return UNDECIDED;
		}
		boolean certainlyRejected = false;
		for (int i = 0; i < limiters.length; i++) {
			if (limiters[i].store() != this) {
				return UNDECIDED;
			}
			waits[i] = limiters[i].certainlyBusyFor();
			certainlyRejected |= waits[i] > timeoutNanos[i];
		}
		if (certainlyRejected) {
			for (int i = 0; i < limiters.length; i++) {
				waits[i] = limiters[i].knownWaitNanos();
			}
			return RateLimiter.NOT_RESERVED;
		}
		if (!this.availability.shouldTry()) {
			return UNDECIDED;
		}
		byte[][] keys = new byte[2 * limiters.length][];
		byte[][] args = new byte[2 + ARGS_PER_LIMITER * limiters.length][];
		args[0] = LimiterScript.bytes("joint");
		args[1] = now();
		for (int i = 0; i < limiters.length; i++) {
			limiters[i].writeKeysAndArgs(keys, 2 * i, args, 2 + ARGS_PER_LIMITER * i,
					Long.toString(RedisRateLimiter.boundedNanos(timeoutNanos[i])), permits[i]);
		}
		long sentNanos = this.timeSource.nanoTime();
		List<Object> answer;
		try {
			answer = this.script.run(keys, args);
			this.availability.succeeded();
		}
		catch (DataAccessException ex) {
			this.availability.failed(ex);
			return UNDECIDED;
		}
		long value = RedisRateLimiter.number(answer.get(0));
		for (int i = 0; i < limiters.length; i++) {
			limiters[i].followLiveRate(Double.parseDouble(String.valueOf(answer.get(1 + 2 * i))));
			waits[i] = RedisRateLimiter.number(answer.get(2 + 2 * i));
			if (value < 0) {
				limiters[i].busyFor(sentNanos, waits[i]);
			}
			else {
				limiters[i].granted();
			}
		}
		return (value < 0) ? RateLimiter.NOT_RESERVED : RedisRateLimiter.saturated(value);
	}

	/**
	 * Deletes a limiter's state, as an operator's reset (on the connection's own
	 * timeout).
	 * @param stateKey where the state lives
	 * @throws DataAccessException if Redis cannot be reached
	 */
	public void delete(String stateKey) {
		try (RedisConnection connection = this.connections.getConnection()) {
			connection.keyCommands().del(LimiterScript.bytes(stateKey));
		}
	}

	/**
	 * Asks Redis ({@code PING}, on the connection's own timeout), so that health tells
	 * whether Redis can be reached now, not only whether the last rate-limited call
	 * reached it; the answer updates the availability that calls go by.
	 * @return why Redis cannot be reached, or {@code null} if it answered
	 */
	public @Nullable String unavailable() {
		try (RedisConnection connection = this.connections.getConnection()) {
			connection.ping();
			this.availability.succeeded();
			return null;
		}
		catch (DataAccessException ex) {
			this.availability.failed(ex);
			return "Redis cannot be reached: " + this.availability.reason();
		}
	}

	/**
	 * Returns whether Redis answers, and how often it did not.
	 * @return the availability
	 */
	public RedisAvailability availability() {
		return this.availability;
	}

	LimiterScript script() {
		return this.script;
	}

	TimeSource timeSource() {
		return this.timeSource;
	}

	/**
	 * Returns what calls get while Redis cannot be reached.
	 * @return the policy
	 */
	public OutagePolicy outagePolicy() {
		return this.outagePolicy;
	}

	/** The script's "now" argument: empty for Redis {@code TIME}. */
	byte[] now() {
		long nowMicros = this.scriptNowMicros.getAsLong();
		return LimiterScript.bytes((nowMicros < 0) ? "" : Long.toString(nowMicros));
	}

}
