package dev.limiter.redis;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call under several Redis limits decided in one script call: all or nothing, in one
 * round trip, with the decisions the interceptor makes limit by limit on in-memory
 * limiters.
 *
 * @author The limiter authors
 */
class RedisJointDecisionTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private static final RateLimiterConfig[] CONFIGS = { RateLimiterConfig.bursty(3, Duration.ofMillis(1500)),
			RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), RateLimiterConfig.bursty(10, Duration.ZERO) };

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	private final RedisStore store = redis.store(this.time, new RedisAvailability(this.time, Duration.ofSeconds(1)),
			OutagePolicy.DENY);

	@BeforeEach
	void emptyRedis() {
		redis.template().delete(redis.template().keys("joint*"));
	}

	private RedisRateLimiter limiter(String name, RateLimiterConfig config) {
		return this.store.limiter("joint:{" + name + "}:shared", "joint:{" + name + "}:rate", config);
	}

	@Test
	void callRejectedByOneLimitTakesNothingFromTheOthers() {
		RedisRateLimiter perSecond = limiter("second", RateLimiterConfig.bursty(1, Duration.ZERO));
		RedisRateLimiter perHour = limiter("hour", RateLimiterConfig.bursty(1.0 / 3600, Duration.ZERO));
		RedisRateLimiter[] both = { perSecond, perHour };
		long[] waits = new long[2];
		assertThat(this.store.tryReserveAll(both, new int[] { 1, 1 }, new long[] { 0, 0 }, waits)).isZero();
		this.time.advance(Duration.ofSeconds(2));
		long before = redis.scriptCalls();
		assertThat(this.store.tryReserveAll(both, new int[] { 1, 1 }, new long[] { 0, 0 }, waits))
			.isEqualTo(RateLimiter.NOT_RESERVED);
		assertThat(redis.scriptCalls() - before).as("round trips of the joint decision").isEqualTo(1);
		assertThat(waits).containsExactly(0, Duration.ofSeconds(3598).toNanos());
		assertThat(perSecond.tryAcquire()).as("the per-second limit gave nothing to the rejected call").isTrue();
	}

	@Test
	void certainRejectionIsRepeatedWithoutARoundTrip() {
		RedisRateLimiter perSecond = limiter("second", RateLimiterConfig.bursty(1, Duration.ZERO));
		RedisRateLimiter perHour = limiter("hour", RateLimiterConfig.bursty(1.0 / 3600, Duration.ZERO));
		RedisRateLimiter[] both = { perSecond, perHour };
		long[] waits = new long[2];
		this.store.tryReserveAll(both, new int[] { 1, 1 }, new long[] { 0, 0 }, waits);
		this.store.tryReserveAll(both, new int[] { 1, 1 }, new long[] { 0, 0 }, waits);
		long before = redis.scriptCalls();
		for (int i = 0; i < 50; i++) {
			this.time.advance(Duration.ofMillis(10));
			assertThat(this.store.tryReserveAll(both, new int[] { 1, 1 }, new long[] { 0, 0 }, waits))
				.isEqualTo(RateLimiter.NOT_RESERVED);
		}
		assertThat(redis.scriptCalls() - before).isZero();
		assertThat(waits[1]).as("the wait Redis answered, less the time since")
			.isEqualTo(Duration.ofHours(1).minusMillis(500).toNanos());
	}

	@Test
	void callRejectedLocallyNamesEveryRejectingLimitsWait() {
		RedisRateLimiter daily = limiter("daily", RateLimiterConfig.bursty(0.001, Duration.ZERO));
		RedisRateLimiter yearly = limiter("yearly", RateLimiterConfig.bursty(0.0001, Duration.ZERO));
		assertThat(daily.tryAcquire()).isTrue();
		assertThat(daily.tryAcquire()).as("Redis: daily busy for 1,000 s, repeated locally").isFalse();
		assertThat(yearly.tryAcquire()).as("yearly now owes 10,000 s, which this instance has not heard").isTrue();
		long[] waits = new long[2];
		assertThat(this.store.tryReserveAll(new RedisRateLimiter[] { daily, yearly }, new int[] { 1, 1 },
				new long[] { 0, 0 }, waits))
			.isEqualTo(RateLimiter.NOT_RESERVED);
		assertThat(waits).containsExactly(Duration.ofSeconds(1000).toNanos(), Duration.ofSeconds(10000).toNanos());
	}

	@Test
	void twoLimitersOnOneStateAreChargedForBoth() {
		// a limit keyed by #id (1L) and by #name ("1"): two client keys here, one Redis
		// key
		RedisRateLimiter asNumber = limiter("same", RateLimiterConfig.bursty(1, Duration.ZERO));
		RedisRateLimiter asText = limiter("same", RateLimiterConfig.bursty(1, Duration.ZERO));
		long fiveSeconds = Duration.ofSeconds(5).toNanos();
		assertThat(this.store.tryReserveAll(new RedisRateLimiter[] { asNumber, asText }, new int[] { 1, 1 },
				new long[] { fiveSeconds, fiveSeconds }, new long[2]))
			.isZero();
		assertThat(asNumber.queryWaitNanos(1)).as("two permits at 1/s").isEqualTo(Duration.ofSeconds(2).toNanos());
	}

	@Test
	void closedLimiterAnswersTheSameWaitFromRedisFromAJointCallAndLocally() {
		RedisRateLimiter closed = limiter("closed", RateLimiterConfig.bursty(1e-6, Duration.ZERO));
		RedisRateLimiter other = limiter("other", RateLimiterConfig.bursty(1, Duration.ZERO));
		// 10^7 permits at 10^-6 per second: 10^13 s, a saturated debt
		closed.reserveNanos(10_000_000);
		assertThat(closed.queryWaitNanos(1)).as("from Redis").isEqualTo(Long.MAX_VALUE);
		long[] waits = new long[2];
		assertThat(this.store.tryReserveAll(new RedisRateLimiter[] { closed, other }, new int[] { 1, 1 },
				new long[] { 0, 0 }, waits))
			.isEqualTo(RateLimiter.NOT_RESERVED);
		assertThat(waits[0]).as("from a joint call").isEqualTo(Long.MAX_VALUE);
		assertThat(closed.queryWaitNanos(1)).as("locally").isEqualTo(Long.MAX_VALUE);
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3 })
	void jointDecisionsMatchTheInterceptorsLimitByLimitDecisionsInMemory(long seed) {
		RedisRateLimiter[] lua = new RedisRateLimiter[CONFIGS.length];
		RateLimiter[] core = new RateLimiter[CONFIGS.length];
		for (int i = 0; i < CONFIGS.length; i++) {
			lua[i] = limiter("differential-" + seed + "-" + i, CONFIGS[i]);
			core[i] = RateLimiter.create(CONFIGS[i], this.time);
		}
		SplittableRandom random = new SplittableRandom(seed);
		int admitted = 0;
		int rejected = 0;
		for (int step = 0; step < 600; step++) {
			if (step > 0) {
				this.time.advanceNanos(1000 * random.nextLong(0, 300_000));
			}
			String at = "step " + step;
			if (random.nextInt(5) == 0) {
				// a call under one limit only, so that the limits drift apart
				int i = random.nextInt(CONFIGS.length);
				assertThat(lua[i].tryAcquire()).as(at).isEqualTo(core[i].tryAcquire());
				continue;
			}
			int[] permits = new int[CONFIGS.length];
			long[] timeouts = new long[CONFIGS.length];
			for (int i = 0; i < CONFIGS.length; i++) {
				permits[i] = 1 + random.nextInt(3);
				timeouts[i] = 1000 * random.nextLong(0, 1_500_000);
			}
			long[] coreWaits = new long[CONFIGS.length];
			long expected = limitByLimit(core, permits, timeouts, coreWaits);
			long[] luaWaits = new long[CONFIGS.length];
			assertThat(this.store.tryReserveAll(lua, permits, timeouts, luaWaits)).as(at).isEqualTo(expected);
			if (expected == RateLimiter.NOT_RESERVED) {
				rejected++;
				for (int i = 0; i < CONFIGS.length; i++) {
					if (luaWaits[i] > timeouts[i]) {
						assertThat(luaWaits[i]).as(at + ", limit " + i).isEqualTo(coreWaits[i]);
					}
				}
			}
			else {
				admitted++;
			}
		}
		assertThat(admitted).as("admitted calls").isGreaterThan(50);
		assertThat(rejected).as("rejected calls").isGreaterThan(50);
	}

	/**
	 * What the interceptor does with in-memory limiters: ask each, reject if any wait is
	 * longer than its timeout, else reserve on each at the latest free moment.
	 */
	private long limitByLimit(RateLimiter[] limiters, int[] permits, long[] timeouts, long[] waits) {
		boolean rejected = false;
		long longest = 0;
		for (int i = 0; i < limiters.length; i++) {
			waits[i] = limiters[i].queryWaitNanos(permits[i]);
			rejected |= waits[i] > timeouts[i];
			longest = Math.max(longest, waits[i]);
		}
		if (rejected) {
			return RateLimiter.NOT_RESERVED;
		}
		long runsAt = this.time.nanoTime() + longest;
		for (int i = 0; i < limiters.length; i++) {
			assertThat(limiters[i].tryReserveAt(permits[i], runsAt)).isTrue();
		}
		return longest;
	}

}
