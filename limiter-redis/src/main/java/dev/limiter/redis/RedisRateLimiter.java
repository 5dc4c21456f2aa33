package dev.limiter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link RateLimiter} whose state lives in Redis, so that every instance of a service
 * shares it: each decision is one script call (EVALSHA, and EVAL once on NOSCRIPT, as
 * Spring Data Redis does), atomic in Redis, on Redis server time.
 *
 * <p>
 * The scripts ({@code bursty.lua}, {@code warming-up.lua}, after {@code prelude.lua}) run
 * the same math as limiter-core's {@code SmoothBurstyRateLimiter} and
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
 * command slower than the connection's timeout), calls follow the {@link OutagePolicy},
 * and for the {@link RedisAvailability}'s retry interval they do not try Redis at all. A
 * live rate change needs Redis and fails with a {@link RedisUnavailableException}.
 *
 * <p>
 * <strong>Certain rejections cost no round trip.</strong> When Redis rejects a request
 * because the limiter is free only in {@code W}, the limiter remembers that it is busy
 * until the moment the request was sent plus {@code W} (never later than Redis's own
 * answer, whenever Redis ran the script), at most {@value #MAX_CERTAINTY_MILLIS} ms
 * ahead, and rejects meanwhile, locally, every request whose timeout ends before then. A
 * rate change on this instance forgets it; one made on another instance is seen here
 * within that second at the latest. Under a flood of rejected calls Redis sees about one
 * call per second per limiter and instance.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RedisRateLimiter implements RateLimiter {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> BURSTY = script("bursty.lua");

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> WARMING_UP = script("warming-up.lua");

	private static final String NOW = "";

	/** How far ahead a rejection Redis answered is repeated locally. */
	private static final long MAX_CERTAINTY_MILLIS = 1000;

	/** Waits at or above this (146 years) mean a saturated debt: closed. */
	private static final long CLOSED_NANOS = 1L << 62;

	private final StringRedisTemplate redis;

	private final List<String> keys;

	private final TimeSource timeSource;

	private final LongSupplier scriptNowMicros;

	private final RedisAvailability availability;

	private final OutagePolicy outagePolicy;

	private volatile RateLimiterConfig config;

	/** The in-memory limiter of {@link OutagePolicy#LOCAL}, made when first needed. */
	private volatile @Nullable RateLimiter local;

	/** From when the local limiter may be free: what a dropped predecessor owed. */
	private final long localFirstFreeNanos;

	/**
	 * A moment (on the time source) before which Redis said the limiter is certainly not
	 * free: the moment a rejected request was <em>sent</em> plus the wait Redis answered,
	 * which is no later than the limiter's real next free moment. Calls that would have
	 * to wait past it are rejected here, without a round trip.
	 */
	private volatile long certainlyBusyUntilNanos = Long.MIN_VALUE;

	/**
	 * Creates a limiter on Redis server time.
	 * @param redis the connection
	 * @param stateKey where this limiter's state lives
	 * @param rateKey where its limit's live rate lives
	 * @param config what it enforces until a live rate change
	 * @param timeSource what callers that wait for a permit wait on
	 * @param availability whether Redis answers, shared by the limiters on it
	 * @param outagePolicy what calls get while it does not
	 */
	public RedisRateLimiter(StringRedisTemplate redis, String stateKey, String rateKey, RateLimiterConfig config,
			TimeSource timeSource, RedisAvailability availability, OutagePolicy outagePolicy) {
		this(redis, stateKey, rateKey, config, timeSource, availability, outagePolicy, Long.MIN_VALUE);
	}

	/**
	 * Creates a limiter on Redis server time whose {@link OutagePolicy#LOCAL local}
	 * limiter is free only from a given moment: a per-key registry that dropped this
	 * key's previous limiter during an outage passes what it owed.
	 * @param redis the connection
	 * @param stateKey where this limiter's state lives
	 * @param rateKey where its limit's live rate lives
	 * @param config what it enforces until a live rate change
	 * @param timeSource what callers that wait for a permit wait on
	 * @param availability whether Redis answers, shared by the limiters on it
	 * @param outagePolicy what calls get while it does not
	 * @param localFirstFreeNanos the {@code timeSource} reading from which the local
	 * limiter may be free
	 */
	public RedisRateLimiter(StringRedisTemplate redis, String stateKey, String rateKey, RateLimiterConfig config,
			TimeSource timeSource, RedisAvailability availability, OutagePolicy outagePolicy,
			long localFirstFreeNanos) {
		this(redis, stateKey, rateKey, config, timeSource, availability, outagePolicy, localFirstFreeNanos, () -> -1);
	}

	/**
	 * Creates a limiter whose scripts take the time from {@code scriptNowMicros} instead
	 * of Redis {@code TIME}, so that tests are exact.
	 */
	RedisRateLimiter(StringRedisTemplate redis, String stateKey, String rateKey, RateLimiterConfig config,
			TimeSource timeSource, RedisAvailability availability, OutagePolicy outagePolicy, long localFirstFreeNanos,
			LongSupplier scriptNowMicros) {
		this.redis = Objects.requireNonNull(redis, "redis must not be null");
		this.keys = List.of(Objects.requireNonNull(stateKey, "stateKey must not be null"),
				Objects.requireNonNull(rateKey, "rateKey must not be null"));
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.timeSource = Objects.requireNonNull(timeSource, "timeSource must not be null");
		this.scriptNowMicros = scriptNowMicros;
		this.availability = Objects.requireNonNull(availability, "availability must not be null");
		this.outagePolicy = Objects.requireNonNull(outagePolicy, "outagePolicy must not be null");
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
		return decide("at", permits, Long.toString(Math.min(fromNow, CLOSED_NANOS)), () -> switch (this.outagePolicy) {
			case ALLOW -> 0;
			case DENY -> NOT_RESERVED;
			case LOCAL -> local().tryReserveAt(permits, momentNanos) ? 0 : NOT_RESERVED;
		}) != NOT_RESERVED;
	}

	/**
	 * During an outage: 0 when allowing, the time until Redis is tried again when denying
	 * (a {@code Retry-After} that means something), the local limiter's wait otherwise.
	 */
	@Override
	public long queryWaitNanos(int permits) {
		checkPermits(permits);
		return decide("query", permits, "0", () -> switch (this.outagePolicy) {
			case ALLOW -> 0;
			case DENY -> this.availability.nanosUntilRetry();
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
		RateLimiterConfig changed = this.config.withPermitsPerSecond(permitsPerSecond);
		try {
			call("rate", 1, Double.toString(permitsPerSecond));
			this.availability.succeeded();
		}
		catch (DataAccessException ex) {
			this.availability.failed(ex);
			throw new RedisUnavailableException("Redis cannot be reached, so the rate of " + this.keys.get(0)
					+ " was not changed (a live change must reach every instance)", ex);
		}
		this.config = changed;
		this.certainlyBusyUntilNanos = Long.MIN_VALUE;
		RateLimiter local = this.local;
		if (local != null) {
			local.setRate(permitsPerSecond);
		}
	}

	/**
	 * Returns the configuration, with the rate in force: set through this object, or by
	 * another instance (taken on at this object's next call to Redis).
	 */
	@Override
	public RateLimiterConfig config() {
		return this.config;
	}

	/**
	 * The shared state read from Redis; during an outage, the local limiter's (a new
	 * limiter's, unless the policy is {@link OutagePolicy#LOCAL}).
	 */
	@Override
	public RateLimiterSnapshot snapshot() {
		return decide(() -> snapshotOf(execute("snapshot", 1, "0")), () -> local().snapshot());
	}

	private RateLimiterSnapshot snapshotOf(List<?> fields) {
		double rate = Double.parseDouble(String.valueOf(fields.get(0)));
		double stored = Double.parseDouble(String.valueOf(fields.get(1)));
		double threshold = Double.parseDouble(String.valueOf(fields.get(2)));
		double max = Double.parseDouble(String.valueOf(fields.get(3)));
		WarmupPhase phase = (this.config instanceof RateLimiterConfig.WarmingUp)
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
		return decide("reserve", permits, Long.toString(timeoutNanos), () -> switch (this.outagePolicy) {
			case ALLOW -> 0;
			case DENY -> {
				if (timeoutNanos < 0) {
					throw new RedisUnavailableException(
							"Redis cannot be reached and " + this.keys.get(0) + " denies calls meanwhile", null);
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
	private long decide(String op, int permits, String argument, LongSupplier duringOutage) {
		return decide(() -> call(op, permits, argument), duringOutage::getAsLong);
	}

	private <T> T decide(Supplier<T> onRedis, Supplier<T> duringOutage) {
		if (this.availability.shouldTry()) {
			try {
				T result = onRedis.get();
				this.availability.succeeded();
				return result;
			}
			catch (DataAccessException ex) {
				this.availability.failed(ex);
			}
		}
		return duringOutage.get();
	}

	private RateLimiter local() {
		RateLimiter local = this.local;
		if (local == null) {
			synchronized (this) {
				local = this.local;
				if (local == null) {
					local = RateLimiter.create(this.config, this.timeSource, this.localFirstFreeNanos);
					this.local = local;
				}
			}
		}
		return local;
	}

	/** Runs an operation that answers a wait in nanoseconds, or -1 for none. */
	private long call(String op, int permits, String argument) {
		long sentNanos = this.timeSource.nanoTime();
		List<?> result = execute(op, permits, argument);
		followLiveRate(Double.parseDouble(String.valueOf(result.get(2))));
		long value = ((Number) result.get(0)).longValue();
		if (value >= 0) {
			return saturated(value);
		}
		long waitNanos = ((Number) result.get(1)).longValue();
		long certainUntil = sentNanos + Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(MAX_CERTAINTY_MILLIS));
		if (certainUntil > this.certainlyBusyUntilNanos) {
			this.certainlyBusyUntilNanos = certainUntil;
		}
		return NOT_RESERVED;
	}

	/**
	 * Takes on the rate Redis enforces, which another instance may have changed, so that
	 * {@link #config()}, and the local limiter of an outage, show it.
	 */
	private void followLiveRate(double permitsPerSecond) {
		RateLimiterConfig current = this.config;
		if (current.permitsPerSecond() != permitsPerSecond) {
			this.config = current.withPermitsPerSecond(permitsPerSecond);
			RateLimiter local = this.local;
			if (local != null) {
				local.setRate(permitsPerSecond);
			}
		}
	}

	/** How long the limiter is certainly not free, as far as Redis told; 0 if unknown. */
	private long certainlyBusyFor() {
		long until = this.certainlyBusyUntilNanos;
		return (until == Long.MIN_VALUE) ? 0 : Math.max(0, until - this.timeSource.nanoTime());
	}

	@SuppressWarnings("unchecked")
	private List<?> execute(String op, int permits, String argument) {
		RateLimiterConfig config = this.config;
		long nowMicros = this.scriptNowMicros.getAsLong();
		String now = (nowMicros < 0) ? NOW : Long.toString(nowMicros);
		List<?> result;
		if (config instanceof RateLimiterConfig.WarmingUp warmingUp) {
			result = this.redis.execute(WARMING_UP, this.keys, op, Integer.toString(permits), argument,
					Double.toString(warmingUp.permitsPerSecond()), now,
					Long.toString(Durations.toNanosSaturated(warmingUp.warmup())),
					Double.toString(warmingUp.coldFactor()));
		}
		else {
			RateLimiterConfig.Bursty bursty = (RateLimiterConfig.Bursty) config;
			result = this.redis.execute(BURSTY, this.keys, op, Integer.toString(permits), argument,
					Double.toString(bursty.permitsPerSecond()), now,
					Long.toString(Durations.toNanosSaturated(bursty.maxBurst())));
		}
		if (result == null || result.isEmpty()) {
			throw new IllegalStateException("Redis answered nothing to the rate limit script for " + this.keys);
		}
		return result;
	}

	private static long saturated(long waitNanos) {
		return (waitNanos >= CLOSED_NANOS) ? Long.MAX_VALUE : waitNanos;
	}

	private static long timeoutNanos(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		return Math.min(Math.max(0, Durations.toNanosSaturated(timeout)), CLOSED_NANOS);
	}

	private static void checkPermits(int permits) {
		if (permits < 1) {
			throw new IllegalArgumentException("permits (" + permits + ") must be 1 or more");
		}
	}

	@SuppressWarnings("rawtypes")
	private static RedisScript<List> script(String name) {
		return new DefaultRedisScript<>(resource("prelude.lua") + "\n" + resource(name), List.class);
	}

	private static String resource(String name) {
		try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
