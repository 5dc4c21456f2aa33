package dev.limiter.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiterConfig;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change (reset or rate change) that Redis applies after it answered a rejection, but
 * that this instance hears before the caller records that rejection, must not leave the
 * stale rejection recorded as valid under the new configuration. Found by review (both
 * tests failed before rejections were remembered with the configuration of when the
 * request was sent).
 *
 * @author The limiter authors
 */
class RedisChangeRaceTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private final ManualTimeSource time = new ManualTimeSource(1_700_000_000_000_000_000L);

	/** Runs once, after the next script answer arrived and before it is returned. */
	private final AtomicReference<Runnable> afterAnswer = new AtomicReference<>();

	private HookedConnections connections;

	private RedisStore store;

	@BeforeEach
	void setUp() {
		redis.template().delete(redis.template().keys("race*"));
		this.connections = new HookedConnections(redis.port(), this.afterAnswer);
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.store = RealRedis.store(this.connections, this.time,
				new RedisAvailability(this.time, Duration.ofSeconds(1)), OutagePolicy.DENY);
		// connected and the script loaded now, so that a loaded machine cannot make the
		// first decision spend its 200 ms command timeout on connecting (that call was
		// then denied, as the outage policy says, and the race was never run)
		assertThat(this.store.warmUp()).isTrue();
	}

	@AfterEach
	void tearDown() {
		this.connections.destroy();
	}

	@Test
	void resetAppliedAfterARejectionWasAnsweredButBeforeItWasRecordedIsNotRepeatedLocally() {
		RedisRateLimiter limiter = this.store.limiter("race:{l}:shared", "race:{l}:rate",
				RateLimiterConfig.bursty(0.001, Duration.ZERO));
		assertThat(limiter.tryAcquire()).isTrue();
		// the reset runs in Redis after the rejection was computed; its announcement
		// (here:
		// the store's own changed(), as ChangeSubscription or a reset on this instance
		// calls it) is processed before the caller's thread records the rejection
		this.afterAnswer.set(() -> this.store.reset("race:{l}:shared", "race:{l}:rate"));
		assertThat(limiter.tryAcquire()).as("rejected by Redis before the reset").isFalse();
		assertThat(redis.template().hasKey("race:{l}:shared")).as("the reset deleted the state").isFalse();
		long before = redis.scriptCalls();
		assertThat(limiter.tryAcquire()).as("Redis admits after the reset, so must this instance").isTrue();
		assertThat(redis.scriptCalls() - before).isEqualTo(1);
	}

	@Test
	void rateChangeMadeWhileARejectionIsInFlightIsNotOverriddenByIt() {
		// closed: a saturated debt, which a rate change reopens to one interval
		RedisRateLimiter limiter = this.store.limiter("race:{r}:shared", "race:{r}:rate",
				RateLimiterConfig.bursty(1e-6, Duration.ZERO));
		RedisRateLimiter other = this.store.limiter("race:{r}:shared", "race:{r}:rate",
				RateLimiterConfig.bursty(1e-6, Duration.ZERO));
		limiter.reserveNanos(10_000_000);
		this.afterAnswer.set(() -> other.setRate(100));
		assertThat(limiter.tryAcquire()).as("closed when Redis answered").isFalse();
		this.time.advance(Duration.ofMillis(20));
		assertThat(limiter.tryAcquire()).as("reopened by the rate change: 10 ms at 100/s").isTrue();
	}

	/** A factory whose script calls run a hook once the answer arrived. */
	static final class HookedConnections extends LettuceConnectionFactory {

		private final AtomicReference<Runnable> afterAnswer;

		HookedConnections(int port, AtomicReference<Runnable> afterAnswer) {
			super(new RedisStandaloneConfiguration("127.0.0.1", port), RealRedis.clientConfiguration());
			this.afterAnswer = afterAnswer;
		}

		@Override
		public RedisConnection getConnection() {
			RedisConnection real = super.getConnection();
			return (RedisConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisConnection.class }, (proxy, method, args) -> {
						Object result = invoke(real, method, args);
						if (method.getName().equals("getNativeConnection")) {
							return nativeProxy(result);
						}
						return result;
					});
		}

		private Object nativeProxy(Object nativeConnection) {
			return Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { RedisClusterAsyncCommands.class }, (proxy, method, args) -> {
						Object result = invoke(nativeConnection, method, args);
						if (method.getName().startsWith("eval") && result instanceof RedisFuture<?> future) {
							Runnable hook = this.afterAnswer.getAndSet(null);
							if (hook != null) {
								future.get();
								hook.run();
							}
						}
						return result;
					});
		}

		private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		}

	}

}
