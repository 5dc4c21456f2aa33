package dev.limiter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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

	private static final byte[] NONE = new byte[0];

	private final LettuceConnectionFactory connections;

	private final LimiterScript script;

	private final TimeSource timeSource;

	private final RedisAvailability availability;

	private final OutagePolicy outagePolicy;

	private final LongSupplier scriptNowMicros;

	private final byte[] changesChannel;

	/** The configuration of each limit, by rate key, shared by its limiters. */
	private final ConcurrentMap<String, LimitConfig> limits = new ConcurrentHashMap<>();

	/**
	 * Creates a store on Redis server time.
	 * @param connections the application's connection factory
	 * @param commandTimeout how long a decision may wait for Redis before the outage
	 * policy answers it; positive
	 * @param timeSource what callers that wait for a permit wait on
	 * @param availability whether Redis answers
	 * @param outagePolicy what calls get while it does not
	 * @param changesChannel where rate changes and resets are announced to every
	 * instance, such as {@link RedisKeys#changes()}
	 */
	public RedisStore(LettuceConnectionFactory connections, Duration commandTimeout, TimeSource timeSource,
			RedisAvailability availability, OutagePolicy outagePolicy, String changesChannel) {
		this(connections, commandTimeout, timeSource, availability, outagePolicy, changesChannel, () -> -1);
	}

	/**
	 * Creates a store whose script takes the time from {@code scriptNowMicros} instead of
	 * Redis {@code TIME}, so that tests are exact.
	 */
	RedisStore(LettuceConnectionFactory connections, Duration commandTimeout, TimeSource timeSource,
			RedisAvailability availability, OutagePolicy outagePolicy, String changesChannel,
			LongSupplier scriptNowMicros) {
		this.connections = connections;
		this.script = new LimiterScript(connections, commandTimeout);
		this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
		this.availability = Objects.requireNonNull(availability, "availability must not be null");
		this.outagePolicy = Objects.requireNonNull(outagePolicy, "outagePolicy must not be null");
		this.scriptNowMicros = scriptNowMicros;
		this.changesChannel = LimiterScript
			.bytes(Objects.requireNonNull(changesChannel, "changesChannel must not be null"));
	}

	/**
	 * Makes a limiter.
	 * @param stateKey where its state lives
	 * @param rateKey where its limit's live rate lives, in the same Redis Cluster slot
	 * @param config what it enforces until a live rate change; the limiters of one limit
	 * (one rate key) share what the first of them was made with, and every live change
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
		Objects.requireNonNull(config, "config must not be null");
		LimitConfig limit = this.limits.computeIfAbsent(rateKey, (key) -> new LimitConfig(config));
		return new RedisRateLimiter(this, stateKey, rateKey, limit, localFirstFreeNanos);
	}

	/**
	 * Decides a call under several limiters of this store in one script call, atomically:
	 * either every limiter grants its permits at the moment the call will run (the latest
	 * of their free moments, as {@link RateLimiter#tryReserveAt}), or, when any limiter's
	 * wait is longer than its timeout, none takes anything. Two limiters on one state
	 * (two client keys that are one Redis key) are asked once, for both their permits,
	 * within the shorter timeout. When Redis answered every limiter's wait within the
	 * last second and one of them is certainly longer than its timeout, the call is
	 * rejected without a round trip, with those waits less the time since.
	 * <p>
	 * The keys of one script call must share a Redis Cluster slot, which those of
	 * different limits do not (each limit's name is its keys' hash tag): on Redis
	 * Cluster, and while Redis cannot be reached, this answers {@link #UNDECIDED}, and
	 * the caller decides limiter by limiter.
	 * @param limiters limiters of this store
	 * @param permits what each is asked for
	 * @param timeoutNanos how long each may make the call wait
	 * @param waits filled with each limiter's wait when the call is rejected
	 * @return the call's wait if every limiter granted it,
	 * {@link RateLimiter#NOT_RESERVED} if it was rejected, {@link #UNDECIDED} if the
	 * limiters were not decided together
	 */
	public long tryReserveAll(RedisRateLimiter[] limiters, int[] permits, long[] timeoutNanos, long[] waits) {
		if (this.connections.isClusterAware()) {
			return UNDECIDED;
		}
		boolean known = true;
		boolean certainlyRejected = false;
		for (int i = 0; i < limiters.length; i++) {
			if (limiters[i].store() != this) {
				return UNDECIDED;
			}
			known &= limiters[i].hasFreshAnswer();
			certainlyRejected |= limiters[i].certainlyBusyFor() > timeoutNanos[i];
		}
		if (known && certainlyRejected) {
			for (int i = 0; i < limiters.length; i++) {
				waits[i] = limiters[i].knownWaitNanos();
			}
			return RateLimiter.NOT_RESERVED;
		}
		if (!this.availability.shouldTry()) {
			return UNDECIDED;
		}
		// one entry per state: a limiter on the state of an earlier one adds to its entry
		int[] entryOf = new int[limiters.length];
		int[] firstOfEntry = new int[limiters.length];
		int[] asked = new int[limiters.length];
		long[] within = new long[limiters.length];
		int entries = 0;
		for (int i = 0; i < limiters.length; i++) {
			int entry = 0;
			while (entry < entries && !limiters[firstOfEntry[entry]].stateKey().equals(limiters[i].stateKey())) {
				entry++;
			}
			if (entry == entries) {
				firstOfEntry[entry] = i;
				asked[entry] = permits[i];
				within[entry] = timeoutNanos[i];
				entries++;
			}
			else {
				asked[entry] = (int) Math.min((long) asked[entry] + permits[i], Integer.MAX_VALUE);
				within[entry] = Math.min(within[entry], timeoutNanos[i]);
			}
			entryOf[i] = entry;
		}
		byte[][] keys = new byte[2 * entries][];
		byte[][] args = new byte[2 + ARGS_PER_LIMITER * entries][];
		args[0] = LimiterScript.bytes("joint");
		args[1] = now();
		for (int entry = 0; entry < entries; entry++) {
			limiters[firstOfEntry[entry]].writeKeysAndArgs(keys, 2 * entry, args, 2 + ARGS_PER_LIMITER * entry,
					Long.toString(RedisRateLimiter.boundedNanos(within[entry])), asked[entry]);
		}
		LimitConfig.Args[] seenWith = new LimitConfig.Args[limiters.length];
		for (int i = 0; i < limiters.length; i++) {
			seenWith[i] = limiters[i].limitArgs();
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
			int entry = entryOf[i];
			limiters[i].followLiveRate(String.valueOf(answer.get(1 + 2 * entry)));
			waits[i] = RedisRateLimiter.saturated(RedisRateLimiter.number(answer.get(2 + 2 * entry)));
			if (value < 0) {
				limiters[i].busyFor(sentNanos, waits[i], seenWith[i]);
			}
			else {
				limiters[i].granted();
			}
		}
		return (value < 0) ? RateLimiter.NOT_RESERVED : RedisRateLimiter.saturated(value);
	}

	/**
	 * Deletes a limiter's state, as an operator's reset, and tells every instance, so
	 * that none keeps rejecting locally what Redis would now admit.
	 * @param stateKey where the state lives
	 * @param rateKey where its limit's live rate lives
	 * @return whether there was a state
	 * @throws DataAccessException if Redis cannot be reached
	 */
	public boolean reset(String stateKey, String rateKey) {
		return reset("reset", stateKey, rateKey);
	}

	/**
	 * Starts a limit afresh, as an operator's reset: deletes its shared limiter's state,
	 * and makes every client key's state count as none (wherever it was last used: the
	 * limit's epoch moves on, so no key needs finding), and tells every instance.
	 * @param sharedStateKey where the limit's shared limiter's state lives
	 * @param rateKey where its live rate lives
	 * @throws DataAccessException if Redis cannot be reached
	 */
	public void resetAll(String sharedStateKey, String rateKey) {
		reset("reset-all", sharedStateKey, rateKey);
	}

	private boolean reset(String op, String stateKey, String rateKey) {
		List<Object> answer = this.script.run(
				new byte[][] { LimiterScript.bytes(stateKey), LimiterScript.bytes(rateKey) }, LimiterScript.bytes(op),
				NONE, this.changesChannel);
		changed(rateKey);
		return RedisRateLimiter.number(answer.get(0)) > 0;
	}

	/**
	 * Takes note that a limit's rate was changed or its state reset, here or on another
	 * instance (a message on {@link #changesChannelName()}): its limiters on this
	 * instance forget the rejections they were repeating locally, and take on the new
	 * rate at their next call to Redis.
	 * @param rateKey the limit's rate key, as the message holds it
	 */
	public void changed(String rateKey) {
		LimitConfig limit = this.limits.get(rateKey);
		if (limit != null) {
			limit.changed();
		}
	}

	/**
	 * Returns the channel on which rate changes and resets are published, with the
	 * limit's rate key as the message; subscribe {@link #changed(String)} to it.
	 * @return the channel's name
	 */
	public String changesChannelName() {
		return new String(this.changesChannel, StandardCharsets.UTF_8);
	}

	byte[] changesChannel() {
		return this.changesChannel;
	}

	/**
	 * Connects to Redis and loads the script, on the connection's own timeout, so that
	 * the first decisions do not spend their command timeout on connecting (and the
	 * client's first use); a failure starts an outage, as a call's would.
	 * @return whether Redis answered
	 */
	public boolean warmUp() {
		try (RedisConnection connection = this.connections.getConnection()) {
			connection.scriptingCommands().scriptLoad(LimiterScript.source());
			this.availability.succeeded();
			return true;
		}
		catch (DataAccessException ex) {
			this.availability.failed(ex);
			return false;
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
