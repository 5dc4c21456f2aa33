package dev.limiter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.WarmupPhase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisRateLimiter} on a real Redis: limiters of several instances (here, several
 * objects on one Redis) share one limit, a cold warm-up limit warms up once for all of
 * them, a live rate change reaches all of them, and state expires once it owes nothing.
 * The scripts run on the test's time, so every figure is exact.
 *
 * @author The limiter authors
 */
class RedisRateLimiterTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	private String key;

	@BeforeEach
	void freshKey(TestInfo test) {
		this.key = "test:{" + test.getDisplayName() + "}";
		redis.template().delete(List.of(this.key, this.key + ":rate"));
	}

	private RateLimiter instance(RateLimiterConfig config) {
		return redis.store(this.time, new RedisAvailability(this.time, Duration.ofSeconds(1)), OutagePolicy.DENY)
			.limiter(this.key, this.key + ":rate", config);
	}

	@Test
	void coldWarmUpLimitWarmsUpOnceForEveryInstance() {
		RateLimiterConfig config = RateLimiterConfig.warmingUp(2, Duration.ofSeconds(4), 3);
		RateLimiter first = instance(config);
		RateLimiter second = instance(config);
		assertThat(first.snapshot().phase()).isEqualTo(WarmupPhase.COLD);
		List<Long> waits = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			long waitNanos = ((i % 2 == 0) ? first : second).reserveNanos(1);
			waits.add(waitNanos);
			this.time.advanceNanos(waitNanos);
		}
		// the worked example of the README, shared by both instances
		assertThat(waits).containsExactly(0L, 1_375_000_000L, 1_125_000_000L, 875_000_000L, 625_000_000L, 500_000_000L,
				500_000_000L, 500_000_000L);
		assertThat(second.snapshot().phase()).isEqualTo(WarmupPhase.WARM);
	}

	@Test
	void instancesRacingOnOneLimitAdmitWhatOneInstanceWould() throws Exception {
		RateLimiterConfig config = RateLimiterConfig.bursty(100, Duration.ofMillis(50));
		int rounds = 100;
		int threads = 4;
		List<RateLimiter> instances = List.of(instance(config), instance(config));
		AtomicInteger admitted = new AtomicInteger();
		CyclicBarrier roundStart = new CyclicBarrier(threads, () -> this.time.advance(Duration.ofMillis(30)));
		CyclicBarrier roundEnd = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				RateLimiter limiter = instances.get(t % 2);
				workers.add(executor.submit(() -> {
					for (int round = 0; round < rounds; round++) {
						roundStart.await();
						for (int i = 0; i < 5; i++) {
							if (limiter.tryAcquire()) {
								admitted.incrementAndGet();
							}
						}
						roundEnd.await();
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		// 100 rounds of 30 ms at 100/s with a 50 ms burst: 3 permits a round, whoever
		// asks; the first round 1, for the limiter exists (empty) from its first use
		assertThat(admitted).hasValue(1 + (rounds - 1) * 3);
	}

	@Test
	void liveRateChangeOnOneInstanceAppliesToEveryInstance() {
		RateLimiterConfig config = RateLimiterConfig.bursty(1, Duration.ZERO);
		RateLimiter first = instance(config);
		RateLimiter second = instance(config);
		first.setRate(50);
		assertThat(second.reserveNanos(1)).isZero();
		// priced at 50/s although this instance was configured with 1/s
		assertThat(second.queryWaitNanos(1)).isEqualTo(20_000_000L);
		assertThat(second.snapshot().permitsPerSecond()).isEqualTo(50);
	}

	@Test
	void stateLivesAsLongAsItOwesPlusASecond() {
		RateLimiter limiter = instance(RateLimiterConfig.bursty(1, Duration.ZERO));
		limiter.reserveNanos(5);
		Long ttl = redis.template().getExpire(this.key, java.util.concurrent.TimeUnit.MILLISECONDS);
		assertThat(ttl).isBetween(5_900L, 6_000L);
		assertThat(redis.template().getExpire(this.key + ":rate")).as("no live rate yet: no key").isEqualTo(-2);
	}

	@Test
	void serverTimeIsUsedWithoutATestClock() {
		RateLimiter limiter = new RedisStore(redis.connections(), RealRedis.COMMAND_TIMEOUT, this.time,
				new RedisAvailability(this.time, Duration.ofSeconds(1)), OutagePolicy.DENY, RealRedis.CHANGES)
			.limiter(this.key, this.key + ":rate", RateLimiterConfig.bursty(0.001, Duration.ZERO));
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).isFalse();
		assertThat(limiter.queryWaitNanos(1)).isBetween(990_000_000_000L, 1_000_000_000_000L);
	}

}
