package dev.limiter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.limiter.core.Durations;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.RateLimiterSnapshot;
import dev.limiter.core.TimeSource;
import dev.limiter.core.WarmupPhase;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * A {@link RateLimiter} whose state lives in Redis, so that every instance of a service
 * shares it: each decision is one script call (EVALSHA, and EVAL once on NOSCRIPT, as
 * Spring Data Redis does), atomic in Redis, on Redis server time, within the
 * {@link RedisStore}'s command timeout. Made by a {@link RedisStore}.
 *
 * <p>
 * The script ({@code bursty.lua} and {@code warming-up.lua}, after {@code prelude.lua})
 * runs the same math as limiter-core's {@code SmoothBurstyRateLimiter} and
 * {@code SmoothWarmingUpRateLimiter}, with the same floating-point operations in the same
 * order, on integer nanoseconds relative to now, which Lua's doubles hold exactly up to
 * 2<sup>53</sup> ns (about 104 days): both make the same decisions to the nanosecond on
 * the same inputs. Redis time has microsecond resolution.
 *
 * <p>
 * Keys: the state of one limiter (one limit, or one client key of it) under
 * {@code stateKey}, with a time to live of what it owes plus a second (once paid, a
 * limiter that disappears comes back as a new one: empty, or fully cold, the strictest
 * state that owes nothing); and the limit's live rate under {@code rateKey}, shared by
 * all its client keys, without expiry. On Redis Cluster both must hash to one slot (a
 * hash tag of the limit's name).
 *
 * <p>
 * A live rate change ({@link #setRate}) is stored in Redis, so it applies to every
 * instance and to every client key of the limit; a key's state is brought to the new rate
 * when it is next used, as {@link RateLimiter#setRate} would have.
 *
 * <p>
 * While Redis cannot be reached (any {@link DataAccessException}: connection refused, a
 * command slower than the command timeout), calls follow the {@link OutagePolicy}, and
 * for the {@link RedisAvailability}'s retry interval they do not try Redis at all. A live
 * rate change needs Redis and fails with a {@link RedisUnavailableException}.
 *
 * <p>
 * <strong>Certain rejections cost no round trip.</strong> When Redis rejects a request
 * because the limiter is free only in {@code W}, the limiter remembers that it is busy
 * until the moment the request was sent plus {@code W} (never later than Redis's own
 * answer, whenever Redis ran the script), at most a second ahead, and rejects meanwhile,
 * locally, every request whose timeout ends before then; a query meanwhile answers the
 * wait Redis answered, less the time since (a lower bound: other instances may have taken
 * more since). A rate change or a reset, made here or announced by another instance
 * ({@link RedisStore#changed}), forgets it; an instance that misses an announcement
 * forgets within the second. Under a flood of rejected calls Redis sees about one call
 * per second per limiter and instance.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RedisRateLimiter implements RateLimiter {

	/** How far ahead a rejection Redis answered is repeated locally. */
	private static final long MAX_CERTAINTY_NANOS = TimeUnit.SECONDS.toNanos(1);

	/** Waits at or above this (146 years) mean a saturated debt: closed. */
	private static final long CLOSED_NANOS = 1L << 62;

	private final RedisStore store;

	private final String stateKey;

	private final byte[][] keys;

	private final TimeSource timeSource;

	/** What every limiter of this limit on this instance enforces. */
	private final LimitConfig limit;

	/** The in-memory limiter of {@link OutagePolicy#LOCAL}, made when first needed. */
	private volatile @Nullable RateLimiter local;

	/** The configuration the local limiter was last brought to. */
	private volatile LimitConfig.@Nullable Args localArgs;

	/** From when the local limiter may be free: what a dropped predecessor owed. */
	private final long localFirstFreeNanos;

	/** What Redis last said of a rejected request, or {@code null}. */
	private volatile @Nullable Busy busy;

	RedisRateLimiter(RedisStore store, String stateKey, String rateKey, LimitConfig limit, long localFirstFreeNanos) {
		this.store = store;
		this.stateKey = Objects.requireNonNull(stateKey, "stateKey must not be null");
		this.keys = new byte[][] { LimiterScript.bytes(stateKey),
				LimiterScript.bytes(Objects.requireNonNull(rateKey, "rateKey must not be null")) };
		this.limit = limit;
		this.timeSource = store.timeSource();
		this.localFirstFreeNanos = localFirstFreeNanos;
	}

	@Override
	public boolean tryAcquire(int permits) {
		return reserve(permits, 0) != NOT_RESERVED;
	}

	@Override
	public boolean tryAcquire(int permits, Duration timeout) {
		long waitNanos = reserve(permits, timeoutNanos(timeout));
		if (waitNanos == NOT_RESERVED) {
			return false;
		}
		this.timeSource.sleepUninterruptibly(waitNanos);
		return true;
	}

	@Override
	public Duration acquire(int permits) throws InterruptedException {
		checkPermits(permits);
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		long waitNanos = reserve(permits, -1);
		this.timeSource.sleepNanos(waitNanos);
		return Duration.ofNanos(waitNanos);
	}

	@Override
	public long reserveNanos(int permits) {
		return reserve(permits, -1);
	}

	@Override
	public long tryReserveNanos(int permits, Duration timeout) {
		return reserve(permits, timeoutNanos(timeout));
	}

	/**
	 * The moment is a reading of this limiter's {@link TimeSource}; the script is given
	 * how far from now it is, and a moment in the past means now.
	 */
	@Override
	public boolean tryReserveAt(int permits, long momentNanos) {
		checkPermits(permits);
		long fromNow = Math.max(0, momentNanos - this.timeSource.nanoTime());
		if (certainlyBusyFor() > fromNow) {
			return false;
		}
		return decide("at", permits, boundedNanos(fromNow), () -> switch (this.store.outagePolicy()) {
			case ALLOW -> 0;
			case DENY -> NOT_RESERVED;
			case LOCAL -> local().tryReserveAt(permits, momentNanos) ? 0 : NOT_RESERVED;
		}) != NOT_RESERVED;
	}

	/**
	 * While a rejection Redis answered is certain, the wait it answered less the time
	 * since, without a round trip. During an outage: 0 when allowing, the time until
	 * Redis is tried again when denying (a {@code Retry-After} that means something), the
	 * local limiter's wait otherwise.
	 */
	@Override
	public long queryWaitNanos(int permits) {
		checkPermits(permits);
		if (certainlyBusyFor() > 0) {
			return knownWaitNanos();
		}
		return decide("query", permits, 0, () -> switch (this.store.outagePolicy()) {
			case ALLOW -> 0;
			case DENY -> this.store.availability().nanosUntilRetry();
			case LOCAL -> local().queryWaitNanos(permits);
		});
	}

	/**
	 * Stores the rate in Redis, for every instance; the local limiter of an outage
	 * follows it too.
	 * @throws RedisUnavailableException if Redis cannot be reached, in which case nothing
	 * changed
	 */
	@Override
	public void setRate(double permitsPerSecond) {
		RateLimiterConfig changed = config().withPermitsPerSecond(permitsPerSecond);
		try {
			execute("rate", 1, Double.toString(permitsPerSecond), this.store.changesChannel());
			this.store.availability().succeeded();
		}
		catch (DataAccessException ex) {
			this.store.availability().failed(ex);
			throw new RedisUnavailableException("Redis cannot be reached, so the rate of " + this.stateKey
					+ " was not changed (a live change must reach every instance)", ex);
		}
		this.limit.follow(changed.permitsPerSecond());
		this.limit.changed();
	}

	/**
	 * Returns the configuration, with the rate in force: set through this object, or by
	 * another instance (taken on at this object's next call to Redis).
	 */
	@Override
	public RateLimiterConfig config() {
		return this.limit.current().config();
	}

	/**
	 * The shared state read from Redis; during an outage, the local limiter's (a new
	 * limiter's, unless the policy is {@link OutagePolicy#LOCAL}).
	 */
	@Override
	public RateLimiterSnapshot snapshot() {
		return decide(() -> snapshotOf(execute("snapshot", 1, "0", null)), () -> local().snapshot());
	}

	private RateLimiterSnapshot snapshotOf(List<?> fields) {
		double rate = Double.parseDouble(String.valueOf(fields.get(0)));
		double stored = Double.parseDouble(String.valueOf(fields.get(1)));
		double threshold = Double.parseDouble(String.valueOf(fields.get(2)));
		double max = Double.parseDouble(String.valueOf(fields.get(3)));
		WarmupPhase phase = (config() instanceof RateLimiterConfig.WarmingUp)
				? RateLimiterSnapshot.phaseOf(stored, threshold, max) : WarmupPhase.WARM;
		return new RateLimiterSnapshot(rate, stored, threshold, max, phase,
				Duration.ofNanos(Math.round(Double.parseDouble(String.valueOf(fields.get(4))))),
				Duration.ofNanos(saturated(Long.parseLong(String.valueOf(fields.get(5))))));
	}

	/** Reserves within {@code timeoutNanos}; -1: whatever the wait. */
	private long reserve(int permits, long timeoutNanos) {
		checkPermits(permits);
		if (timeoutNanos >= 0 && certainlyBusyFor() > timeoutNanos) {
			return NOT_RESERVED;
		}
		return decide("reserve", permits, timeoutNanos, () -> switch (this.store.outagePolicy()) {
			case ALLOW -> 0;
			case DENY -> {
				if (timeoutNanos < 0) {
					throw new RedisUnavailableException(
							"Redis cannot be reached and " + this.stateKey + " denies calls meanwhile", null);
				}
				yield NOT_RESERVED;
			}
			case LOCAL -> (timeoutNanos < 0) ? local().reserveNanos(permits)
					: local().tryReserveNanos(permits, Duration.ofNanos(timeoutNanos));
		});
	}

	/**
	 * Runs an operation on Redis if it is to be tried, recording the outcome; the outage
	 * policy's answer otherwise.
	 */
	private long decide(String op, int permits, long argument, LongSupplier duringOutage) {
		return decide(() -> call(op, permits, argument), duringOutage::getAsLong);
	}

	private <T> T decide(Supplier<T> onRedis, Supplier<T> duringOutage) {
		RedisAvailability availability = this.store.availability();
		if (availability.shouldTry()) {
			try {
				T result = onRedis.get();
				availability.succeeded();
				return result;
			}
			catch (DataAccessException ex) {
				availability.failed(ex);
			}
		}
		return duringOutage.get();
	}

	/** The local limiter, at the rate in force. */
	private RateLimiter local() {
		LimitConfig.Args current = this.limit.current();
		RateLimiter local = this.local;
		if (local == null || this.localArgs != current) {
			synchronized (this) {
				local = this.local;
				if (local == null) {
					local = RateLimiter.create(current.config(), this.timeSource, this.localFirstFreeNanos);
					this.local = local;
				}
				else if (local.config().permitsPerSecond() != current.config().permitsPerSecond()) {
					local.setRate(current.config().permitsPerSecond());
				}
				this.localArgs = current;
			}
		}
		return local;
	}

	/** Runs an operation that answers a wait in nanoseconds, or -1 for none. */
	private long call(String op, int permits, long argument) {
		// a rejection is remembered with the configuration of when it was asked, so
		// that a change announced while it was answered is not outlived by it
		LimitConfig.Args seenWith = this.limit.current();
		long sentNanos = this.timeSource.nanoTime();
		List<?> result = execute(op, permits, Long.toString(argument), null);
		followLiveRate(String.valueOf(result.get(2)));
		long value = number(result.get(0));
		if (value >= 0) {
			granted();
			return saturated(value);
		}
		busyFor(sentNanos, saturated(number(result.get(1))), seenWith);
		return NOT_RESERVED;
	}

	/** Runs an operation on this limiter, with one more argument if given. */
	private List<Object> execute(String op, int permits, String argument, byte @Nullable [] extra) {
		byte[][] keys = new byte[2][];
		byte[][] args = new byte[2 + RedisStore.ARGS_PER_LIMITER + ((extra != null) ? 1 : 0)][];
		args[0] = LimiterScript.bytes(op);
		args[1] = this.store.now();
		writeKeysAndArgs(keys, 0, args, 2, argument, permits);
		if (extra != null) {
			args[args.length - 1] = extra;
		}
		return this.store.script().run(keys, args);
	}

	/**
	 * Writes this limiter's two keys and its {@value RedisStore#ARGS_PER_LIMITER}
	 * arguments into a script call's.
	 */
	void writeKeysAndArgs(byte[][] keys, int keysFrom, byte[][] args, int argsFrom, String argument, int permits) {
		LimitConfig.Args config = this.limit.current();
		keys[keysFrom] = this.keys[0];
		keys[keysFrom + 1] = this.keys[1];
		args[argsFrom] = LimiterScript.bytes(argument);
		args[argsFrom + 1] = LimiterScript.bytes(Integer.toString(permits));
		args[argsFrom + 2] = config.algorithm();
		args[argsFrom + 3] = config.rate();
		args[argsFrom + 4] = config.first();
		args[argsFrom + 5] = config.second();
	}

	/**
	 * Remembers that Redis, asked at {@code sentNanos} under the configuration
	 * {@code seenWith}, answered that the limiter is free only in {@code waitNanos}: it
	 * is certainly not free before then, as other calls can only push its free moment
	 * later, unless the limit changes (a rate change, a reset) after the request was
	 * sent.
	 */
	void busyFor(long sentNanos, long waitNanos, LimitConfig.Args seenWith) {
		long freeNoEarlierThan = (waitNanos == Long.MAX_VALUE) ? Long.MAX_VALUE
				: Durations.momentAfter(sentNanos, waitNanos);
		long certainUntil = Durations.momentAfter(sentNanos, Math.min(waitNanos, MAX_CERTAINTY_NANOS));
		Busy current = this.busy;
		if (current == null || sentNanos >= current.sentNanos()) {
			this.busy = new Busy(sentNanos, freeNoEarlierThan, certainUntil, seenWith);
		}
	}

	/**
	 * Forgets the wait of a rejection once Redis admitted a call here, which pushed the
	 * free moment later than that wait said: a query then asks Redis again.
	 */
	void granted() {
		if (this.busy != null) {
			this.busy = null;
		}
	}

	/** Takes on the rate Redis enforces, which another instance may have changed. */
	void followLiveRate(String permitsPerSecond) {
		LimitConfig.Args current = this.limit.current();
		if (!permitsPerSecond.equals(current.rateText())) {
			this.limit.follow(Double.parseDouble(permitsPerSecond));
		}
	}

	/** What Redis said of a rejection, if it still holds. */
	private @Nullable Busy busy() {
		Busy busy = this.busy;
		return (busy != null && busy.seenWith() == this.limit.current()) ? busy : null;
	}

	/** How long the limiter is certainly not free, as far as Redis told; 0 if unknown. */
	long certainlyBusyFor() {
		Busy busy = busy();
		return (busy == null) ? 0 : Math.max(0, busy.certainUntilNanos() - this.timeSource.nanoTime());
	}

	/**
	 * Returns whether Redis answered this limiter's wait within the last second and
	 * nothing changed since, so that {@link #knownWaitNanos()} holds.
	 */
	boolean hasFreshAnswer() {
		Busy busy = busy();
		return busy != null && this.timeSource.nanoTime() - busy.sentNanos() < MAX_CERTAINTY_NANOS;
	}

	/** The wait Redis last answered for a rejection, less the time since; 0 if none. */
	long knownWaitNanos() {
		Busy busy = busy();
		if (busy == null) {
			return 0;
		}
		long freeNoEarlierThan = busy.freeNoEarlierThanNanos();
		return (freeNoEarlierThan == Long.MAX_VALUE) ? Long.MAX_VALUE
				: Math.max(0, freeNoEarlierThan - this.timeSource.nanoTime());
	}

	String stateKey() {
		return this.stateKey;
	}

	LimitConfig.Args limitArgs() {
		return this.limit.current();
	}

	RedisStore store() {
		return this.store;
	}

	static long number(Object value) {
		return (value instanceof Number number) ? number.longValue() : Long.parseLong(String.valueOf(value));
	}

	static long saturated(long waitNanos) {
		return (waitNanos >= CLOSED_NANOS) ? Long.MAX_VALUE : waitNanos;
	}

	/** A wait or moment as the script takes it: at most a saturated debt. */
	static long boundedNanos(long nanos) {
		return Math.min(nanos, CLOSED_NANOS);
	}

	private static long timeoutNanos(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		return boundedNanos(Math.max(0, Durations.toNanosSaturated(timeout)));
	}

	private static void checkPermits(int permits) {
		if (permits < 1) {
			throw new IllegalArgumentException("permits (" + permits + ") must be 1 or more");
		}
	}

	/**
	 * What Redis said of a request sent at one moment: the limiter is free no earlier
	 * than another, which is repeated locally (as certain) until a third, at most a
	 * second after the request was sent, while the limit's configuration is the one it
	 * was seen with.
	 */
	private record Busy(long sentNanos, long freeNoEarlierThanNanos, long certainUntilNanos,
			LimitConfig.Args seenWith) {
	}

}
