package dev.limiter.autoconfigure.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.redis.OutagePolicy;
import dev.limiter.redis.RealRedis;
import dev.limiter.redis.RedisAvailability;
import dev.limiter.redis.RedisStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyed Redis limit during an outage under the local policy: a key pushed out of the
 * registry does not come back with a fresh local limiter. Failed before its fix.
 *
 * @author The limiter authors
 */
class KeyedRedisOutageTests {

	private final ManualTimeSource time = new ManualTimeSource(1_000_000_000_000L);

	private LettuceConnectionFactory connections;

	@AfterEach
	void close() {
		if (this.connections != null) {
			this.connections.destroy();
		}
	}

	/** A connection to a port nobody listens on: every command fails at once. */
	private LettuceConnectionFactory deadRedis() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				RealRedis.clientConfiguration());
		this.connections.afterPropertiesSet();
		this.connections.start();
		return this.connections;
	}

	@Test
	void keyPushedOutDuringAnOutageDoesNotGetAFreshLocalLimiter() throws IOException {
		LettuceConnectionFactory redis = deadRedis();
		RedisAvailability availability = new RedisAvailability(this.time, Duration.ofMinutes(10));
		RedisStore store = RealRedis.store(redis, this.time, availability, OutagePolicy.LOCAL);
		RateLimiterConfig config = RateLimiterConfig.bursty(0.001, Duration.ofSeconds(1));
		KeyedRateLimiter<String> keyed = new KeyedRateLimiter<>(config, 1, Duration.ofHours(1), this.time,
				Runnable::run, (key, keyConfig, firstFreeNanos) -> store.limiter("limiter:{api}:key:" + key,
						"limiter:{api}:rate", keyConfig, firstFreeNanos),
				false);
		// the in-memory store, for comparison
		KeyedRateLimiter<String> memory = new KeyedRateLimiter<>(config, 1, Duration.ofHours(1), this.time,
				Runnable::run);
		for (KeyedRateLimiter<String> limiters : java.util.List.of(memory, keyed)) {
			assertThat(limiters.limiter("heavy").tryAcquire()).isTrue();
			assertThat(limiters.limiter("heavy").tryAcquire()).isFalse();
			// another client's call pushes the heavy client out (max-keys 1)
			limiters.limiter("other").tryAcquire();
			limiters.cleanUp();
		}
		assertThat(availability.isDown()).isTrue();
		assertThat(memory.limiter("heavy").tryAcquire()).as("memory store: still owes 1,000 s").isFalse();
		assertThat(keyed.limiter("heavy").tryAcquire()).as("redis store, local policy: as the memory store").isFalse();
	}

}
