package dev.limiter.redis;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (two stores on one Redis), the second subscribed to the changes channel:
 * a reset or a live rate change made on the first reaches the second, which then stops
 * repeating a rejection locally that Redis would no longer make. Found by review (before:
 * rejected locally for up to a second).
 *
 * @author The limiter authors
 */
class RedisChangeAnnouncementTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	private final RedisStore first = store();

	private final RedisStore second = store();

	private final CountDownLatch heard = new CountDownLatch(1);

	private RedisMessageListenerContainer subscription;

	@BeforeEach
	void secondInstanceListens() {
		redis.template().delete(redis.template().keys("announce*"));
		this.subscription = new RedisMessageListenerContainer();
		this.subscription.setConnectionFactory(redis.connections());
		this.subscription.addMessageListener((message, pattern) -> {
			this.second.changed(new String(message.getBody()));
			this.heard.countDown();
		}, new ChannelTopic(this.second.changesChannelName()));
		this.subscription.afterPropertiesSet();
		this.subscription.start();
	}

	@AfterEach
	void stopListening() throws Exception {
		this.subscription.destroy();
	}

	private RedisStore store() {
		return redis.store(this.time, new RedisAvailability(this.time, Duration.ofSeconds(1)), OutagePolicy.DENY);
	}

	private static RedisRateLimiter limiter(RedisStore store, RateLimiterConfig config) {
		return store.limiter("announce:{limit}:shared", "announce:{limit}:rate", config);
	}

	@Test
	void resetOnAnotherInstanceEndsTheLocalRejections() throws InterruptedException {
		RateLimiterConfig config = RateLimiterConfig.bursty(0.001, Duration.ZERO);
		RedisRateLimiter onSecond = limiter(this.second, config);
		limiter(this.first, config);
		assertThat(onSecond.tryAcquire()).isTrue();
		assertThat(onSecond.tryAcquire()).as("Redis: busy for 1,000 s, repeated locally").isFalse();
		this.first.reset("announce:{limit}:shared", "announce:{limit}:rate");
		assertThat(this.heard.await(10, TimeUnit.SECONDS)).as("the reset was announced").isTrue();
		assertThat(onSecond.tryAcquire()).as("Redis admits after the reset, and so does the second").isTrue();
	}

	@Test
	void rateChangeOnAnotherInstanceReopeningAClosedLimiterEndsTheLocalRejections() throws InterruptedException {
		RateLimiterConfig config = RateLimiterConfig.bursty(1e-6, Duration.ZERO);
		RedisRateLimiter onFirst = limiter(this.first, config);
		RedisRateLimiter onSecond = limiter(this.second, config);
		// a saturated debt: closed
		onSecond.reserveNanos(10_000_000);
		assertThat(onSecond.tryAcquire()).as("closed, repeated locally").isFalse();
		onFirst.setRate(100);
		assertThat(this.heard.await(10, TimeUnit.SECONDS)).as("the change was announced").isTrue();
		// reopened to one interval at the new rate (10 ms), well within the second that
		// the rejection would have been repeated
		this.time.advance(Duration.ofMillis(20));
		assertThat(onSecond.tryAcquire()).as("free again").isTrue();
		assertThat(onSecond.config().permitsPerSecond()).isEqualTo(100);
	}

}
