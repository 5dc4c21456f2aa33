package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-key limiters, second review round: a reset keeps forgiving a remembered debt after
 * the key idles out, a blocking acquire whose key is dropped during its wait is charged
 * once, and a client id given as an int or a long is one client. Each failed before its
 * fix.
 *
 * @author The limiter authors
 */
class KeyedRateLimiterResetAndWaitTests {

	private final ManualTimeSource time = new ManualTimeSource();

	/**
	 * An operator reset must keep forgiving the old debt once the fresh limiter idles
	 * out.
	 */
	@Test
	void resetKeepsForgivingTheOldDebtAfterTheFreshLimiterExpires() {
		KeyedRateLimiter<String> limiters = new KeyedRateLimiter<>(RateLimiterConfig.bursty(1, Duration.ZERO), 1,
				Duration.ofMinutes(1), this.time, Runnable::run);
		// "a" owes an hour and is pushed out by "b": the hour is remembered
		limiters.limiter("a").reserveNanos(3600);
		limiters.limiter("b");
		limiters.cleanUp();
		// "a" comes back owing the hour; the operator resets it
		assertThat(limiters.limiter("a").queryWaitNanos(1)).isGreaterThan(0);
		assertThat(limiters.reset("a")).isTrue();
		assertThat(limiters.limiter("a").tryAcquire()).as("right after the reset").isTrue();
		// the fresh limiter owes 1 s; it idles for 2 minutes and expires, owing nothing
		this.time.advance(Duration.ofMinutes(2));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		// still 58 minutes before the forgotten hour would have ended
		assertThat(limiters.limiter("a").tryAcquire()).as("a reset key that idled out, owing nothing").isTrue();
	}

	/**
	 * A blocking acquire whose key is dropped and recreated while it waits: its permit
	 * was reserved before the drop, so the eviction already recorded it; charging it
	 * again on the recreated limiter counts it twice.
	 */
	@Test
	void acquireWhoseKeyIsDroppedDuringItsWaitIsChargedOnce() throws Exception {
		AtomicReference<Runnable> duringSleep = new AtomicReference<>();
		TimeSource clock = new TimeSource() {

			@Override
			public long nanoTime() {
				return KeyedRateLimiterResetAndWaitTests.this.time.nanoTime();
			}

			@Override
			public void sleepNanos(long nanos) throws InterruptedException {
				Runnable hook = duringSleep.getAndSet(null);
				if (hook != null) {
					hook.run();
				}
				KeyedRateLimiterResetAndWaitTests.this.time.sleepNanos(nanos);
			}

		};
		Executor now = Runnable::run;
		KeyedRateLimiter<String> limiters = new KeyedRateLimiter<>(RateLimiterConfig.bursty(1, Duration.ZERO), 1,
				Duration.ofMinutes(10), clock, now);
		RateLimiter a = limiters.limiter("a");
		assertThat(a.tryAcquire()).isTrue(); // next free at 1 s
		duringSleep.set(() -> {
			// while the acquire below waits (its permit reserved: next free at 2 s), "a"
			// is pushed out by "b" and a second call for "a" recreates it
			limiters.limiter("b");
			limiters.cleanUp();
			limiters.limiter("a");
		});
		a.acquire(1); // waits 1 s
		// now = 1 s; "a" has had permits at 0 s and 1 s: next free at 2 s, a wait of 1 s
		assertThat(limiters.limiter("a").queryWaitNanos(1)).isEqualTo(Duration.ofSeconds(1).toNanos());
	}

	/**
	 * The same client id as an int in one method and a long in another is one client of a
	 * per-user limit; the debt table already hashes them as one, the registry does not.
	 */
	@Test
	void intAndLongKeysOfEqualValueShareOneLimiter() {
		RegisteredRateLimit limit = new RegisteredRateLimit(
				RateLimitSettings.resolve("per-user", properties(1), new RateLimitProperties(), (p) -> p), this.time);
		RateLimiter asInt = limit.forKey(7);
		RateLimiter asLong = limit.forKey(7L);
		assertThat(asInt.tryAcquire()).isTrue();
		assertThat(asLong.tryAcquire()).as("client 7, second call in the same instant at 1/s, no burst").isFalse();
	}

	/** {@code DELETE ?key=7} resets client 7, however its id was typed. */
	@Test
	void resetByTextResetsEveryKeyOfThatValue() {
		RegisteredRateLimit limit = new RegisteredRateLimit(
				RateLimitSettings.resolve("per-user", properties(1), new RateLimitProperties(), (p) -> p), this.time);
		limit.forKey(7).reserveNanos(3600);
		limit.forKey(7L).reserveNanos(3600);
		Object found = limit.findKey("7");
		assertThat(limit.reset(found)).isTrue();
		// one client, reset once: free again, and held under one key
		assertThat(limit.forKey(7).tryAcquire()).as("client 7 after its reset").isTrue();
		assertThat(limit.keyed().keys()).containsExactly(7L);
	}

	private static RateLimitProperties properties(double rate) {
		RateLimitProperties properties = new RateLimitProperties();
		properties.setRate(rate);
		properties.setMaxBurst(Duration.ZERO);
		return properties;
	}

}
