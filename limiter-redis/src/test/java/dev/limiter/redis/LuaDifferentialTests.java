package dev.limiter.redis;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lua scripts against limiter-core on the same seeded random scenarios: time moves by
 * random whole microseconds (Redis time's resolution), and every operation (try-acquire,
 * bounded and unbounded reservations, reservations at a later moment, queries, live rate
 * changes) must give the same answer to the nanosecond, for both algorithms. The scripts
 * are given the scenario's time instead of Redis {@code TIME}, so the comparison is
 * exact.
 *
 * @author The limiter authors
 */
class LuaDifferentialTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private static final double[] RATES = { 0.5, 2, 3, 7.5, 10, 333, 1000 };

	static Stream<Arguments> scenarios() {
		return Stream.of(1L, 2L, 3L, 4L)
			.flatMap((seed) -> Stream.of(
					Arguments.of("bursty", RateLimiterConfig.bursty(3, Duration.ofMillis(1500)), seed),
					Arguments.of("bursty, no burst", RateLimiterConfig.bursty(10, Duration.ZERO), seed),
					Arguments.of("warming-up", RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3), seed),
					Arguments.of("warming-up, cold factor 7.5",
							RateLimiterConfig.warmingUp(20, Duration.ofMillis(2500), 7.5), seed)));
	}

	@ParameterizedTest(name = "{0}, seed {2}")
	@MethodSource("scenarios")
	void scriptsDecideExactlyAsTheCore(String name, RateLimiterConfig config, long seed) {
		ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);
		String key = "differential:" + name + ":" + seed;
		redis.template().delete(java.util.List.of(key, key + ":rate"));
		RateLimiter lua = redis.store(time, new RedisAvailability(time, Duration.ofSeconds(1)), OutagePolicy.DENY)
			.limiter(key, key + ":rate", config);
		RateLimiter core = RateLimiter.create(config, time);
		SplittableRandom random = new SplittableRandom(seed);
		int granted = 0;
		for (int step = 0; step < 1_500; step++) {
			// Both start at the first call: a Redis limiter exists from its first use.
			if (step > 0) {
				time.advanceNanos(1000 * random.nextLong(0, 400_000));
			}
			int permits = 1 + random.nextInt(random.nextInt(10) == 0 ? 20 : 3);
			String at = "step " + step;
			switch (random.nextInt(12)) {
				case 0, 1, 2, 3 -> {
					boolean admitted = core.tryAcquire(permits);
					assertThat(lua.tryAcquire(permits)).as(at).isEqualTo(admitted);
					granted += admitted ? 1 : 0;
				}
				case 4, 5, 6 -> {
					Duration timeout = Duration.ofNanos(1000 * random.nextLong(0, 3_000_000));
					long wait = core.tryReserveNanos(permits, timeout);
					assertThat(lua.tryReserveNanos(permits, timeout)).as(at).isEqualTo(wait);
					granted += (wait != RateLimiter.NOT_RESERVED) ? 1 : 0;
				}
				case 7 -> {
					assertThat(lua.reserveNanos(permits)).as(at).isEqualTo(core.reserveNanos(permits));
					granted++;
				}
				case 8 -> {
					long moment = time.nanoTime() + 1000 * random.nextLong(0, 2_000_000);
					boolean reserved = core.tryReserveAt(permits, moment);
					assertThat(lua.tryReserveAt(permits, moment)).as(at).isEqualTo(reserved);
					granted += reserved ? 1 : 0;
				}
				case 9 -> {
					double rate = RATES[random.nextInt(RATES.length)];
					core.setRate(rate);
					lua.setRate(rate);
				}
				default -> assertThat(lua.queryWaitNanos(1)).as(at).isEqualTo(core.queryWaitNanos(1));
			}
		}
		assertThat(granted).as("enough grants to mean something").isGreaterThan(100);
		assertThat(lua.snapshot().storedPermits()).isCloseTo(core.snapshot().storedPermits(),
				org.assertj.core.data.Offset.offset(1e-9));
	}

}
