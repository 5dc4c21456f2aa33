package dev.limiter.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Each outage policy with a real Redis stopped mid-test and started again: what calls get
 * meanwhile, that calls skip Redis between retries, that the outage is counted once, and
 * that the limit goes back to Redis once it answers.
 *
 * @author The limiter authors
 */
class RedisOutageTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	private final RedisAvailability availability = new RedisAvailability(this.time, Duration.ofSeconds(1));

	private String key;

	@BeforeEach
	void freshKey(TestInfo test) {
		this.key = "outage:{" + test.getDisplayName() + "}";
		redis.template().delete(List.of(this.key, this.key + ":rate"));
	}

	@AfterEach
	void redisBack() throws IOException {
		redis.start();
	}

	private RateLimiter limiter(OutagePolicy policy) {
		return redis.store(this.time, this.availability, policy)
			.limiter(this.key, this.key + ":rate", RateLimiterConfig.bursty(1, Duration.ZERO));
	}

	@Test
	void allowAdmitsEveryCallWhileRedisIsDown() throws IOException {
		RateLimiter limiter = limiter(OutagePolicy.ALLOW);
		assertThat(limiter.tryAcquire()).isTrue();
		redis.stop();
		// 1/s, but Redis cannot be asked
		for (int i = 0; i < 5; i++) {
			assertThat(limiter.tryAcquire()).isTrue();
		}
		assertThat(this.availability.isDown()).isTrue();
		assertThat(this.availability.outages()).isEqualTo(1);
		// one failed call: the others did not try Redis within the retry interval
		assertThat(this.availability.failedCalls()).isEqualTo(1);
	}

	@Test
	void denyRejectsWhatCanBeRejectedAndSaysWhenRedisIsTriedAgain() throws IOException {
		RateLimiter limiter = limiter(OutagePolicy.DENY);
		redis.stop();
		assertThat(limiter.tryAcquire()).isFalse();
		assertThat(limiter.tryReserveNanos(1, Duration.ofSeconds(5))).isEqualTo(RateLimiter.NOT_RESERVED);
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(Duration.ofSeconds(1).toNanos());
		assertThatExceptionOfType(RedisUnavailableException.class).isThrownBy(() -> limiter.reserveNanos(1));
	}

	@Test
	void localLimitsEachInstanceOnItsOwnMeanwhile() throws IOException {
		RateLimiter limiter = limiter(OutagePolicy.LOCAL);
		redis.stop();
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).as("the local limiter: 1/s").isFalse();
		this.time.advance(Duration.ofMillis(500));
		assertThat(limiter.queryWaitNanos(1)).isEqualTo(Duration.ofMillis(500).toNanos());
	}

	@Test
	void limitGoesBackToRedisOnceItAnswersAfterTheRetryInterval() throws IOException {
		RateLimiter limiter = limiter(OutagePolicy.ALLOW);
		redis.stop();
		assertThat(limiter.tryAcquire()).isTrue();
		redis.start();
		// within the retry interval, Redis is not tried: still the outage policy
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(this.availability.isDown()).isTrue();
		this.time.advance(Duration.ofSeconds(1));
		// the first try after the interval reaches the (restarted, empty) Redis
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(this.availability.isDown()).isFalse();
		assertThat(limiter.tryAcquire()).as("Redis again: 1/s").isFalse();
		assertThat(this.availability.outages()).isEqualTo(1);
	}

	@Test
	void noCallWaitsLongerThanTheCommandTimeoutWhileRedisIsDown() throws IOException {
		RateLimiter limiter = limiter(OutagePolicy.ALLOW);
		redis.stop();
		// the connection's command timeout is 200 ms and it refuses commands while
		// disconnected; this guards against a call that hangs
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			for (int i = 0; i < 3; i++) {
				this.time.advance(Duration.ofSeconds(1));
				assertThat(limiter.tryAcquire()).isTrue();
			}
		});
		assertThat(this.availability.failedCalls()).isEqualTo(3);
	}

	@Test
	void rejectionRedisAnsweredIsRepeatedLocallyWithoutARoundTrip() {
		RateLimiter limiter = limiter(OutagePolicy.ALLOW);
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(limiter.tryAcquire()).as("Redis: free again in 1 s").isFalse();
		long before = redis.scriptCalls();
		for (int i = 0; i < 100; i++) {
			this.time.advance(Duration.ofMillis(9));
			assertThat(limiter.tryAcquire()).isFalse();
		}
		assertThat(redis.scriptCalls() - before).as("round trips for 100 certain rejections").isZero();
		// once the moment Redis named has passed, Redis is asked again, and admits
		this.time.advance(Duration.ofMillis(100));
		assertThat(limiter.tryAcquire()).isTrue();
		assertThat(redis.scriptCalls() - before).isEqualTo(1);
	}

	@Test
	void redisPausedLongerThanTheCommandTimeoutIsAnOutage() {
		RateLimiter limiter = limiter(OutagePolicy.LOCAL);
		assertThat(limiter.tryAcquire()).isTrue();
		// Redis answers nothing for 0.8 s; the connection's command timeout is 200 ms
		pause(800);
		assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
			// the call gives up after the timeout and is limited locally (1/s: refused)
			assertThat(limiter.tryAcquire()).isTrue();
			assertThat(limiter.tryAcquire()).isFalse();
		});
		assertThat(this.availability.isDown()).isTrue();
		assertThat(this.availability.failedCalls()).isEqualTo(1);
	}

	@Test
	void decisionWaitsNoLongerThanItsOwnCommandTimeoutWhateverTheConnections() {
		// the application's connection waits up to 10 s for other commands; rate limit
		// decisions wait up to 50 ms (limiter.redis.command-timeout)
		LettuceConnectionFactory patient = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redis.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(10)).build());
		patient.afterPropertiesSet();
		patient.start();
		try {
			RateLimiter limiter = new RedisStore(patient, Duration.ofMillis(50), this.time, this.availability,
					OutagePolicy.ALLOW, RealRedis.CHANGES, () -> this.time.nanoTime() / 1000)
				.limiter(this.key, this.key + ":rate", RateLimiterConfig.bursty(1, Duration.ZERO));
			assertThat(limiter.tryAcquire()).isTrue();
			pause(3000);
			assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThat(limiter.tryAcquire()).isTrue());
			assertThat(this.availability.isDown()).isTrue();
			assertThat(this.availability.reason()).contains("within PT0.05S", "limiter.redis.command-timeout");
		}
		finally {
			patient.destroy();
		}
	}

	private static void pause(long millis) {
		redis.template()
			.execute((org.springframework.data.redis.core.RedisCallback<Object>) (connection) -> connection
				.execute("CLIENT", "PAUSE".getBytes(), Long.toString(millis).getBytes()));
	}

	@Test
	void interruptedCallerNeitherStartsAnOutageNorLosesItsInterrupt() {
		RateLimiter limiter = limiter(OutagePolicy.DENY);
		// the next call connects again, which an interrupt would fail
		redis.connections().resetConnection();
		Thread.currentThread().interrupt();
		boolean admitted = limiter.tryAcquire();
		assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
		assertThat(this.availability.isDown()).as("Redis answers: " + this.availability.reason()).isFalse();
		assertThat(admitted).isTrue();
	}

	@Test
	void liveRateChangeFailsLoudlyWhileRedisIsDown() throws IOException {
		RateLimiter limiter = limiter(OutagePolicy.LOCAL);
		redis.stop();
		assertThatExceptionOfType(RedisUnavailableException.class).isThrownBy(() -> limiter.setRate(5))
			.withMessageContaining("was not changed");
		assertThat(limiter.config().permitsPerSecond()).isEqualTo(1);
	}

}
