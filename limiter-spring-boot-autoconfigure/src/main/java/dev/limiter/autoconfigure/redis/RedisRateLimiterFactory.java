package dev.limiter.autoconfigure.redis;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.limiter.autoconfigure.ratelimit.RateLimitSettings;
import dev.limiter.autoconfigure.ratelimit.RateLimitStore;
import dev.limiter.autoconfigure.ratelimit.RateLimiterFactory;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.redis.RedisAvailability;
import dev.limiter.redis.RedisKeys;
import dev.limiter.redis.RedisRateLimiter;
import dev.limiter.redis.RedisStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Makes the limiters of limits with {@code store: redis}: {@link RedisRateLimiter}s of
 * the application's {@link RedisStore}, under the keys {@link RedisKeys} lays out.
 * Nothing reaches Redis until a limit uses it; then the store connects and loads its
 * script at once (on the connection's own timeout, so that the first decisions do not
 * spend their command timeout on it; Redis down only starts an outage), and this instance
 * subscribes to the changes every instance announces.
 *
 * <p>
 * The subscription ends when the context stops, before the connection factory (a
 * lifecycle bean of an earlier phase) closes its connections: ended later, at
 * destruction, a pooled factory had taken the subscription's connection back already and
 * logged it as leaked and then as returned twice. A stopped factory does not subscribe
 * again (a stopped context is one being closed).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RedisRateLimiterFactory implements RateLimiterFactory, SmartLifecycle, AutoCloseable {

	private final RedisStore store;

	private final RedisKeys keys;

	private final ChangeSubscription changes;

	private final AtomicBoolean used = new AtomicBoolean();

	private volatile boolean running = true;

	RedisRateLimiterFactory(RedisStore store, RedisKeys keys, ChangeSubscription changes) {
		this.store = store;
		this.keys = keys;
		this.changes = changes;
	}

	@Override
	public RateLimitStore store() {
		return RateLimitStore.REDIS;
	}

	@Override
	public RateLimiter create(RateLimitSettings settings, RateLimiterConfig config, @Nullable Object clientKey,
			long firstFreeNanos) {
		if (this.used.compareAndSet(false, true)) {
			this.changes.start(this.store.warmUp());
		}
		return this.store.limiter(this.keys.state(settings.name(), clientKey), this.keys.rate(settings.name()), config,
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
	public boolean reset(RateLimitSettings settings, @Nullable Object clientKey) {
		return this.store.reset(this.keys.state(settings.name(), clientKey), this.keys.rate(settings.name()));
	}

	@Override
	public void resetAll(RateLimitSettings settings) {
		this.store.resetAll(this.keys.state(settings.name(), null), this.keys.rate(settings.name()));
	}

	/**
	 * One script call for every limiter, unless Redis Cluster puts the limits' keys in
	 * different slots (see {@link RedisStore#tryReserveAll}).
	 */
	@Override
	public long tryReserveAll(RateLimiter[] limiters, int[] permits, long[] timeoutNanos, long[] waits) {
		RedisRateLimiter[] redisLimiters = new RedisRateLimiter[limiters.length];
		for (int i = 0; i < limiters.length; i++) {
			if (!(limiters[i] instanceof RedisRateLimiter redisLimiter)) {
				return UNDECIDED;
			}
			redisLimiters[i] = redisLimiter;
		}
		long answer = this.store.tryReserveAll(redisLimiters, permits, timeoutNanos, waits);
		return (answer == RedisStore.UNDECIDED) ? UNDECIDED : answer;
	}

	@Override
	public @Nullable String unavailable() {
		return this.store.unavailable();
	}

	@Override
	public @Nullable String outage() {
		RedisAvailability availability = this.store.availability();
		if (!availability.isDown()) {
			return null;
		}
		return "Redis cannot be reached (" + availability.reason() + "); calls follow limiter.redis.on-failure: "
				+ this.store.outagePolicy().name().toLowerCase(Locale.ROOT) + " until it answers";
	}

	/**
	 * Returns the store the limiters live in.
	 * @return the store
	 */
	public RedisStore redisStore() {
		return this.store;
	}

	/** Ends the subscription to changes. */
	@Override
	public void close() {
		this.running = false;
		this.changes.stop();
	}

	/** Nothing to start: the subscription starts when a limit first uses Redis. */
	@Override
	public void start() {
	}

	/** Ends the subscription to changes, while the connections are still open. */
	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Returns whether Redis answers, and how often it did not.
	 * @return the availability
	 */
	public RedisAvailability availability() {
		return this.store.availability();
	}

}
