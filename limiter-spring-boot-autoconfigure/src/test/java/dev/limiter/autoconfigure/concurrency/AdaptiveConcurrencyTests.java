package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.concurrency.ConcurrencyLimiter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An adaptive cap on a simulated service, on the injected clock: clients always want more
 * calls than the cap lets in, and the service answers in 10 ms up to a known concurrency,
 * beyond which calls queue and latency grows in proportion. The cap must settle near that
 * concurrency, never leave its bounds, and grow to its maximum when latency never rises.
 *
 * @author The limiter authors
 */
class AdaptiveConcurrencyTests {

	private static final long BASE_LATENCY_NANOS = Duration.ofMillis(10).toNanos();

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void capSettlesNearTheConcurrencyWhereLatencyStartsToRise() {
		int knee = 40;
		List<Integer> caps = run(cap(4, 400), queueingBeyond(knee), 20_000);
		for (int i = 0; i < caps.size(); i += 500)
			System.out.print(caps.get(i) + " ");
		System.out.println("TRAJ");
		// long after it settled too: a cap that follows its own latency up would creep
		List<Integer> settled = caps.subList(caps.size() / 4, caps.size());
		assertThat(settled).allSatisfy((limit) -> assertThat(limit).isBetween(knee, knee * 3 / 2));
	}

	@Test
	void capGrowsToItsMaximumWhileLatencyStaysFlat() {
		List<Integer> caps = run(cap(4, 120), (inFlight) -> BASE_LATENCY_NANOS, 20_000);
		assertThat(caps.get(0)).as("starts at min-concurrent").isEqualTo(4);
		assertThat(caps.get(caps.size() - 1)).isEqualTo(120);
	}

	/**
	 * Netflix's windowed limit drops, by default, every sample under 100 us: the cap of a
	 * service that fast never moved from its minimum. Found by review.
	 */
	@Test
	void capOfCallsFasterThan100MicrosecondsGrowsToo() {
		List<Integer> caps = run(cap(1, 100), (inFlight) -> 50_000, 200_000);
		assertThat(caps.get(caps.size() - 1)).as("cap after 10 s of flat 50 us calls").isGreaterThan(10);
	}

	@Test
	void capNeverLeavesItsBounds() {
		List<Integer> caps = run(cap(8, 64), queueingBeyond(2), 4_000);
		assertThat(caps).allSatisfy((limit) -> assertThat(limit).isBetween(8, 64));
		// the least latency it sees is at 8 already, so it settles a few calls above 8
		assertThat(caps.get(caps.size() - 1)).as("held well below its maximum").isLessThan(32);
	}

	private ConcurrencyCap cap(int min, int max) {
		ConcurrencyLimitProperties properties = new ConcurrencyLimitProperties();
		properties.setAdaptive(true);
		properties.setMinConcurrent(min);
		properties.setMaxConcurrent(max);
		ConcurrencyLimitSettings settings = ConcurrencyLimitSettings.resolve("uploads", properties);
		return new ConcurrencyCap(settings, settings.initialConcurrent(), this.time, null);
	}

	/**
	 * Latency in nanoseconds: the base up to {@code knee} calls in flight, beyond it in
	 * proportion (the service runs {@code knee} at a time, and the rest queue).
	 */
	private static IntToLongFunction queueingBeyond(int knee) {
		return (inFlight) -> BASE_LATENCY_NANOS * Math.max(knee, inFlight) / knee;
	}

	/**
	 * Runs rounds of calls: in each, as many calls as the cap lets in start together and
	 * end after the service's latency at that concurrency.
	 * @return the cap at the start of each round
	 */
	private List<Integer> run(ConcurrencyCap cap, IntToLongFunction latency, int rounds) {
		List<Integer> caps = new ArrayList<>();
		List<HeldSlot> calls = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			ConcurrencyLimiter limiter = cap.limiter();
			caps.add(limiter.maxConcurrent());
			ConcurrencyLimiter.Slot slot;
			while ((slot = limiter.tryAcquire()) != null) {
				calls.add(new HeldSlot(cap, slot));
			}
			this.time.advance(Duration.ofNanos(latency.applyAsLong(calls.size())));
			calls.forEach(HeldSlot::release);
			calls.clear();
		}
		return caps;
	}

}
