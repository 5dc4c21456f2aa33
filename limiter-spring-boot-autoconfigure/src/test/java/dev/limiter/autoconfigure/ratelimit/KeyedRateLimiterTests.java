package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link KeyedRateLimiter}: bounded, and never more permissive for having
 * dropped a key.
 *
 * @author The limiter authors
 */
class KeyedRateLimiterTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void eachKeyHasItsOwnLimiter() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 10, Duration.ofMinutes(1));
		assertThat(limiters.limiter("a").tryAcquire()).isTrue();
		assertThat(limiters.limiter("a").tryAcquire()).isFalse();
		assertThat(limiters.limiter("b").tryAcquire()).isTrue();
		assertThat(limiters.find("a")).isSameAs(limiters.limiter("a"));
		assertThat(limiters.find("c")).isNull();
		assertThat(limiters.size()).isEqualTo(2);
	}

	@Test
	void floodOfKeysStaysWithinMaxKeys() {
		KeyedRateLimiter<Integer> limiters = keyed(RateLimiterConfig.bursty(1), 100, Duration.ofMinutes(1));
		for (int key = 0; key < 10_000; key++) {
			limiters.limiter(key).tryAcquire();
		}
		limiters.cleanUp();
		assertThat(limiters.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void idleKeysAreDropped() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 10, Duration.ofMinutes(1));
		limiters.limiter("a").tryAcquire();
		this.time.advance(Duration.ofSeconds(59));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNotNull();
		this.time.advance(Duration.ofSeconds(2));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.size()).isZero();
	}

	@Test
	void keyDroppedWhileOwingTimeComesBackOwingAtLeastAsLong() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 1, Duration.ofMinutes(1));
		// owes 10 s
		limiters.limiter("a").reserveNanos(10);
		this.time.advance(Duration.ofSeconds(4));
		// the registry is full: "a" goes
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		RateLimiter recreated = limiters.limiter("a");
		assertThat(recreated.tryAcquire()).isFalse();
		assertThat(recreated.queryWaitNanos(1)).isEqualTo(Duration.ofSeconds(6).toNanos());
	}

	@Test
	void keyThatExpiredWhileOwingTimeComesBackOwingAtLeastAsLong() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), 10,
				Duration.ofSeconds(5));
		limiters.limiter("a").reserveNanos(20);
		long owedNanos = limiters.limiter("a").queryWaitNanos(1);
		this.time.advance(Duration.ofSeconds(6));
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.limiter("a").queryWaitNanos(1)).isEqualTo(owedNanos - Duration.ofSeconds(6).toNanos());
	}

	@Test
	void keyDroppedOwingNothingComesBackFresh() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), 1,
				Duration.ofMinutes(1));
		limiters.limiter("a").tryAcquire();
		// paid, and cold again
		this.time.advance(Duration.ofSeconds(30));
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		assertThat(limiters.limiter("a").snapshot()).isEqualTo(
				RateLimiter.create(RateLimiterConfig.warmingUp(1, Duration.ofSeconds(10)), this.time).snapshot());
	}

	/**
	 * Random traffic over more keys than the registry holds: every permit a key is
	 * granted costs at least the stable interval, so two grants to one key closer than
	 * that would mean a dropped key came back too permissive.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void grantsToOneKeyAreNeverCloserThanTheStableIntervalWhateverIsDropped(boolean warmingUp) {
		RateLimiterConfig config = warmingUp ? RateLimiterConfig.warmingUp(10, Duration.ofSeconds(1))
				: RateLimiterConfig.bursty(10, Duration.ZERO);
		long intervalNanos = 100_000_000;
		KeyedRateLimiter<Integer> limiters = keyed(config, 4, Duration.ofMillis(150));
		SplittableRandom random = new SplittableRandom(42);
		Map<Integer, Long> lastGrant = new HashMap<>();
		int grants = 0;
		for (int step = 0; step < 20_000; step++) {
			this.time.advanceNanos(random.nextLong(0, 20_000_000));
			int key = random.nextInt(12);
			if (limiters.limiter(key).tryAcquire()) {
				Long previous = lastGrant.put(key, this.time.nanoTime());
				if (previous != null) {
					assertThat(this.time.nanoTime() - previous).as("key %s at step %s", key, step)
						.isGreaterThanOrEqualTo(intervalNanos - 1);
				}
				grants++;
			}
			limiters.cleanUp();
		}
		assertThat(grants).isGreaterThan(1_000);
	}

	/**
	 * One heavy client makes a 40-permit call and is pushed out of a full registry while
	 * it owes 40 s: a thousand first-time clients must not pay its debt.
	 */
	@Test
	void debtOfADroppedHeavyKeyIsNotChargedToNewClients() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1, Duration.ZERO), 100,
				Duration.ofMinutes(10));
		limiters.limiter("heavy").reserveNanos(40);
		int admitted = 0;
		for (int client = 0; client < 1_000; client++) {
			this.time.advance(Duration.ofMillis(10));
			if (limiters.limiter("client-" + client).tryAcquire()) {
				admitted++;
			}
			limiters.cleanUp();
		}
		System.out.println("first-time clients admitted after a heavy key was dropped: " + admitted + " of 1000");
		assertThat(limiters.find("heavy")).isNull();
		// Before per-key buckets, the global debt watermark admitted 0 of them.
		assertThat(admitted).isGreaterThanOrEqualTo(990);
		// and the heavy client itself still owes what it owed
		assertThat(limiters.limiter("heavy").queryWaitNanos(1)).isEqualTo(Duration.ofSeconds(30).toNanos());
	}

	/**
	 * A flood of distinct keys, three times more than the registry holds, each owing time
	 * when it is pushed out; meanwhile a well-behaved client calls once a second at a
	 * limit of one per second. It should keep (nearly) every admission.
	 */
	@Test
	void wellBehavedClientKeepsItsAdmissionsUnderAFloodOfKeys() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1, Duration.ZERO), 100,
				Duration.ofMinutes(10));
		int seconds = 21;
		int admitted = 0;
		int flooder = 0;
		for (int second = 0; second < seconds; second++) {
			if (limiters.limiter("well-behaved").tryAcquire()) {
				admitted++;
			}
			for (int step = 0; step < 300; step++) {
				this.time.advance(Duration.ofMillis(1));
				limiters.limiter("flood-" + (flooder++ % 300)).reserveNanos(5);
				limiters.cleanUp();
			}
			this.time.advance(Duration.ofMillis(700));
		}
		System.out.println("well-behaved client admitted under a flood of keys: " + admitted + " of " + seconds);
		assertThat(admitted).isGreaterThanOrEqualTo(seconds - 1);
	}

	@Test
	void reservationOnALimiterDroppedAfterItWasLookedUpIsNotLost() {
		KeyedRateLimiter<String> limiters = keyed(RateLimiterConfig.bursty(1), 1, Duration.ofMinutes(1));
		RateLimiter held = limiters.limiter("a");
		// "a" is pushed out between the lookup and the reservation
		limiters.limiter("b");
		limiters.cleanUp();
		assertThat(limiters.find("a")).isNull();
		held.reserveNanos(10);
		assertThat(limiters.limiter("a").queryWaitNanos(1)).isEqualTo(Duration.ofSeconds(10).toNanos());
	}

	@Test
	void keyCreatedWhileTheRateChangesTakesTheNewRate() throws Exception {
		CountDownLatch creating = new CountDownLatch(1);
		CountDownLatch rateChanged = new CountDownLatch(1);
		TimeSource stallsCreation = new TimeSource() {

			@Override
			public long nanoTime() {
				boolean inCreate = StackWalker.getInstance()
					.walk((frames) -> frames
						.anyMatch((frame) -> frame.getClassName().equals(RateLimiter.class.getName())
								&& frame.getMethodName().equals("create")));
				if (inCreate && Thread.currentThread().getName().equals("creator") && creating.getCount() > 0) {
					creating.countDown();
					try {
						rateChanged.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return 0;
			}

			@Override
			public void sleepNanos(long nanos) {
			}

		};
		KeyedRateLimiter<String> limiters = new KeyedRateLimiter<>(RateLimiterConfig.bursty(1), 10,
				Duration.ofMinutes(1), stallsCreation, Runnable::run);
		Thread creator = new Thread(() -> limiters.limiter("new"), "creator");
		creator.start();
		// The new key's limiter is being made from the old rate when the rate changes.
		creating.await();
		limiters.setRate(5);
		rateChanged.countDown();
		creator.join();
		assertThat(limiters.limiter("new").getRate()).isEqualTo(5);
	}

	@Test
	void badBoundsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> keyed(RateLimiterConfig.bursty(1), 0, Duration.ofMinutes(1)))
			.withMessage("maxKeys (0) must be 1 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> keyed(RateLimiterConfig.bursty(1), 1, Duration.ZERO))
			.withMessage("idleExpiry (PT0S) must be positive");
	}

	private <K> KeyedRateLimiter<K> keyed(RateLimiterConfig config, long maxKeys, Duration idleExpiry) {
		return new KeyedRateLimiter<>(config, maxKeys, idleExpiry, this.time, Runnable::run);
	}

}
