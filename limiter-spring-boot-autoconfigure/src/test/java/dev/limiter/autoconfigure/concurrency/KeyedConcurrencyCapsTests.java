package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.SlotUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeyedConcurrencyCaps}: one cap per client key, bounded in keys, where a key with
 * calls in flight is never dropped: neither by size nor by idle expiry, and not by a
 * lookup racing the eviction.
 *
 * @author The limiter authors
 */
class KeyedConcurrencyCapsTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private static ConcurrencyLimitSettings settings(int maxConcurrent, long maxKeys, Duration idleExpiry) {
		ConcurrencyLimitProperties properties = new ConcurrencyLimitProperties();
		properties.setMaxConcurrent(maxConcurrent);
		properties.setMaxKeys(maxKeys);
		properties.setKeyIdleExpiry(idleExpiry);
		return ConcurrencyLimitSettings.resolve("uploads", properties);
	}

	@Test
	void eachKeyHasItsOwnCap() {
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(1, 100, Duration.ofMinutes(1)), this.time,
				Runnable::run);
		HeldSlot alice = caps.tryAcquire("alice");
		assertThat(alice).isNotNull();
		assertThat(caps.tryAcquire("alice")).isNull();
		assertThat(caps.tryAcquire("bob")).as("another client's cap").isNotNull();
		alice.release();
		assertThat(caps.tryAcquire("alice")).isNotNull();
	}

	@Test
	void aKeyWithACallInFlightSurvivesBeingPushedOutByOtherKeys() {
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(1, 1, Duration.ofMinutes(1)), this.time,
				Runnable::run);
		HeldSlot alice = caps.tryAcquire("alice");
		for (int i = 0; i < 50; i++) {
			HeldSlot other = caps.tryAcquire("client-" + i);
			other.release();
			caps.cleanUp();
		}
		assertThat(caps.tryAcquire("alice")).as("alice still has her call in flight").isNull();
		assertThat(caps.find("alice").limiter().inFlight()).isOne();
		alice.release();
		assertThat(caps.tryAcquire("alice")).isNotNull();
	}

	@Test
	void aKeyWithACallInFlightSurvivesItsIdleExpiry() {
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(1, 100, Duration.ofSeconds(10)), this.time,
				Runnable::run);
		HeldSlot alice = caps.tryAcquire("alice");
		this.time.advance(Duration.ofMinutes(5));
		caps.cleanUp();
		assertThat(caps.tryAcquire("alice")).as("a call longer than the idle expiry").isNull();
		alice.release();
		this.time.advance(Duration.ofMinutes(5));
		caps.cleanUp();
		assertThat(caps.size()).as("idle, then expired and forgotten").isZero();
	}

	@Test
	void aDrainingCapIsForgottenWhenItsLastCallLeaves() {
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(2, 1, Duration.ofMinutes(1)), this.time,
				Runnable::run);
		HeldSlot first = caps.tryAcquire("alice");
		HeldSlot second = caps.tryAcquire("alice");
		caps.tryAcquire("bob").release();
		caps.cleanUp();
		assertThat(caps.keys()).contains("alice");
		first.release();
		assertThat(caps.keys()).as("one call still in flight").contains("alice");
		second.release();
		assertThat(caps.keys()).doesNotContain("alice");
		assertThat(caps.size()).isOne();
	}

	@Test
	void aLiveChangeReachesKeysHeldDrainingAndNew() {
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(1, 1, Duration.ofMinutes(1)), this.time,
				Runnable::run);
		HeldSlot alice = caps.tryAcquire("alice");
		caps.tryAcquire("bob").release();
		caps.cleanUp();
		caps.setMaxConcurrent(2);
		assertThat(caps.tryAcquire("alice")).as("draining alice's cap grew").isNotNull();
		assertThat(caps.tryAcquire("carol")).isNotNull();
		assertThat(caps.tryAcquire("carol")).as("a new key gets the new cap").isNotNull();
		assertThat(caps.tryAcquire("carol")).isNull();
		alice.release();
	}

	@Test
	void waitingOnAKeyTimesOutOnTheInjectedClock() {
		ConcurrencyLimitProperties properties = new ConcurrencyLimitProperties();
		properties.setMaxConcurrent(1);
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(ConcurrencyLimitSettings.resolve("uploads", properties),
				this.time, Runnable::run);
		HeldSlot alice = caps.tryAcquire("alice");
		KeyedConcurrencyCaps.Pending waiting = caps.acquire("alice", Duration.ofMillis(100));
		this.time.advance(Duration.ofMillis(99));
		assertThat(waiting.slot()).isNotDone();
		this.time.advance(Duration.ofMillis(1));
		assertThat(waiting.slot()).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(SlotUnavailableException.class);
		alice.release();
	}

	/**
	 * A call outlasts its key's idle expiry and housekeeping has not run yet (as with the
	 * common pool in production): the key's next lookup finds the same, busy cap.
	 */
	@Test
	void aLookupOfAnExpiredBusyKeyBeforeHousekeepingFindsTheSameCap() {
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(1, 100, Duration.ofSeconds(10)), this.time,
				(housekeeping) -> {
				});
		HeldSlot alice = caps.tryAcquire("alice");
		this.time.advance(Duration.ofMinutes(5));
		assertThat(caps.tryAcquire("alice")).as("alice already has her one call in flight").isNull();
		alice.release();
	}

	@Test
	void aWaitingCallOfAnEvictedKeyGetsTheKeysNextSlot() {
		ConcurrencyLimitProperties properties = new ConcurrencyLimitProperties();
		properties.setMaxConcurrent(1);
		properties.setMaxKeys(1L);
		properties.setMaxWaiting(5);
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(ConcurrencyLimitSettings.resolve("uploads", properties),
				this.time, Runnable::run);
		HeldSlot alice = caps.tryAcquire("alice");
		KeyedConcurrencyCaps.Pending waiting = caps.acquire("alice", Duration.ofHours(1));
		for (int i = 0; i < 20; i++) {
			caps.tryAcquire("other-" + i).release();
			caps.cleanUp();
		}
		KeyedConcurrencyCaps.Pending third = caps.acquire("alice", Duration.ofHours(1));
		alice.release();
		assertThat(waiting.slot()).isCompleted();
		assertThat(third.slot()).isNotDone();
		third.slot().cancel(false);
		waiting.slot().join().release();
		caps.cleanUp();
		assertThat(caps.all()).allSatisfy((cap) -> assertThat(cap.limiter().inFlight()).isZero());
	}

	/**
	 * A per-client adaptive limit reports where its keys' caps are, not its shared cap,
	 * which no call uses and which stays at its minimum. Found by review.
	 */
	@Test
	void aPerClientAdaptiveLimitReportsWhereItsKeysCapsAre() {
		ConcurrencyLimitProperties properties = new ConcurrencyLimitProperties();
		properties.setAdaptive(true);
		properties.setMinConcurrent(2);
		properties.setMaxConcurrent(100);
		RegisteredConcurrencyLimit limit = new RegisteredConcurrencyLimit(
				ConcurrencyLimitSettings.resolve("elastic", properties), this.time, Runnable::run);
		List<HeldSlot> calls = new ArrayList<>();
		for (int round = 0; round < 50_000; round++) {
			HeldSlot held;
			while ((held = limit.tryAcquire("alice")) != null) {
				calls.add(held);
			}
			this.time.advance(Duration.ofMillis(1));
			calls.forEach(HeldSlot::release);
			calls.clear();
		}
		int alices = limit.findKey("alice").maxConcurrent();
		assertThat(alices).as("alice's cap moved").isGreaterThan(2);
		assertThat(limit.maxConcurrent()).as("limiter.concurrency.limit and the endpoint's maxConcurrent")
			.isEqualTo(alices);
	}

	/**
	 * Eight threads call under six keys while the registry holds two, so keys are dropped
	 * and looked up again all the time, and a lookup races the eviction of its own key.
	 * At no moment does any key have more calls in flight than its cap, and every cap is
	 * idle at the end.
	 */
	@Test
	void evictionChurnNeverLetsAKeyExceedItsCap() throws Exception {
		int maxConcurrent = 2;
		KeyedConcurrencyCaps caps = new KeyedConcurrencyCaps(settings(maxConcurrent, 2, Duration.ofMinutes(1)),
				TimeSource.system(), Runnable::run);
		ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
		AtomicInteger mostInFlight = new AtomicInteger();
		AtomicLong admitted = new AtomicLong();
		int threads = 8;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> callers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				callers.add(pool.submit(() -> {
					start.await();
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int call = 0; call < 20_000; call++) {
						String key = "client-" + random.nextInt(6);
						HeldSlot held = caps.tryAcquire(key);
						if (held == null) {
							continue;
						}
						AtomicInteger count = inFlight.computeIfAbsent(key, (k) -> new AtomicInteger());
						mostInFlight.accumulateAndGet(count.incrementAndGet(), Math::max);
						admitted.incrementAndGet();
						if (random.nextInt(4) == 0) {
							Thread.yield();
						}
						count.decrementAndGet();
						held.release();
					}
					return null;
				}));
			}
			for (Future<?> caller : callers) {
				caller.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(admitted.get()).isPositive();
		assertThat(mostInFlight.get()).as("most calls in flight under one key").isLessThanOrEqualTo(maxConcurrent);
		caps.cleanUp();
		assertThat(caps.all()).allSatisfy((cap) -> assertThat(cap.limiter().inFlight()).isZero());
	}

}
