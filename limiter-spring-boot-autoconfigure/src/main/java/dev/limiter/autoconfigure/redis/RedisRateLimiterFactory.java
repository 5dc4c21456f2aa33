package dev.limiter.autoconfigure.redis;

import dev.limiter.autoconfigure.ratelimit.RateLimitSettings;
import dev.limiter.autoconfigure.ratelimit.RateLimitStore;
import dev.limiter.autoconfigure.ratelimit.RateLimiterFactory;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.OutagePolicy;
import dev.limiter.redis.RedisAvailability;
import dev.limiter.redis.RedisKeys;
import dev.limiter.redis.RedisRateLimiter;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Makes the limiters of limits with {@code store: redis}: {@link RedisRateLimiter}s on
 * the application's Redis connection, under the keys {@link RedisKeys} lays out.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RedisRateLimiterFactory implements RateLimiterFactory {

	private final StringRedisTemplate redis;

	private final RedisKeys keys;

	private final TimeSource timeSource;

	private final RedisAvailability availability;

	private final OutagePolicy outagePolicy;

	/**
	 * Creates a factory.
	 * @param redis the connection
	 * @param keys the key layout
	 * @param timeSource what callers that wait for a permit wait on
	 * @param availability whether Redis answers, shared by every limiter
	 * @param outagePolicy what calls get while it does not
	 */
	public RedisRateLimiterFactory(StringRedisTemplate redis, RedisKeys keys, TimeSource timeSource,
			RedisAvailability availability, OutagePolicy outagePolicy) {
		this.redis = redis;
		this.keys = keys;
		this.timeSource = timeSource;
		this.availability = availability;
		this.outagePolicy = outagePolicy;
	}

	@Override
	public RateLimitStore store() {
		return RateLimitStore.REDIS;
	}

	@Override
	public RateLimiter create(RateLimitSettings settings, RateLimiterConfig config, @Nullable Object clientKey,
			long firstFreeNanos) {
		return new RedisRateLimiter(this.redis, this.keys.state(settings.name(), clientKey),
				this.keys.rate(settings.name()), config, this.timeSource, this.availability, this.outagePolicy,
				firstFreeNanos);
	}

	/**
	 * The state and the live rate live in Redis, whatever happens to the limiter objects.
	 */
	@Override
	public boolean keepsState() {
		return true;
	}

	@Override
	public void reset(RateLimitSettings settings, @Nullable Object clientKey) {
		this.redis.delete(this.keys.state(settings.name(), clientKey));
	}

	/**
	 * Asks Redis ({@code PING}), so that health tells whether Redis can be reached now,
	 * not only whether the last rate-limited call reached it; the answer updates the
	 * availability that calls go by.
	 */
	@Override
	public @Nullable String unavailable() {
		try {
			this.redis.execute((RedisCallback<String>) RedisConnectionCommands::ping);
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

}
