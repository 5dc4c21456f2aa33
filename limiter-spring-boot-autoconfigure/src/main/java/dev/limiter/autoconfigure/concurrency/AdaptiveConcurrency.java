package dev.limiter.autoconfigure.concurrency;

import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import dev.limiter.core.concurrency.ConcurrencyLimiter;

/**
 * Moves a limiter's cap with the latency its calls see, by the TCP Vegas-style algorithm
 * of Netflix's {@code concurrency-limits-core} (the reference implementation of these
 * algorithms): it estimates how many calls queue inside the service from how far latency
 * stands above the least latency seen, grows the cap while that queue is short and
 * shrinks it when it grows, never above {@code maxConcurrent}; the cap applied is never
 * below {@code minConcurrent}, where it starts.
 *
 * <p>
 * Why Vegas and not the library's Gradient2: Gradient2 compares latency with a long-term
 * average of itself, which under sustained queueing follows the queueing latency up, so
 * the cap creeps to its maximum. On a simulated service that queues beyond 40 calls in
 * flight, Gradient2 held 40 for a while and then climbed to the maximum of 400; Vegas
 * settled at 45 and stayed ({@code AdaptiveConcurrencyTests}).
 *
 * <p>
 * Samples are gathered in windows of at least one second and ten calls
 * ({@link WindowedLimit}'s defaults), so that one slow call does not move the cap; every
 * call is a sample, however fast. Times are the {@code TimeSource}'s nanoseconds, so a
 * test drives convergence exactly. The Netflix types stay in this class.
 *
 * @author The limiter authors
 */
final class AdaptiveConcurrency {

	private final Limit limit;

	/**
	 * Starts the cap of {@code limiter} at {@code minConcurrent} and moves it from then
	 * on.
	 * @param limiter the limiter whose cap moves
	 * @param minConcurrent the least the cap is set to
	 * @param maxConcurrent the most it grows to
	 */
	AdaptiveConcurrency(ConcurrencyLimiter limiter, int minConcurrent, int maxConcurrent) {
		this.limit = WindowedLimit.newBuilder()
			// every call is a sample, however fast (the default drops those under 100 us,
			// so the cap of a fast service never moved from its minimum)
			.minRttThreshold(1, TimeUnit.NANOSECONDS)
			.build(VegasLimit.newBuilder().initialLimit(minConcurrent).maxConcurrency(maxConcurrent).build());
		limiter.setMaxConcurrent(Math.max(minConcurrent, this.limit.getLimit()));
		this.limit.notifyOnChange((estimate) -> limiter.setMaxConcurrent(Math.max(minConcurrent, estimate)));
	}

	/**
	 * Records a call that held a slot.
	 * @param startNanos when it got its slot
	 * @param endNanos when it gave it back
	 * @param inFlight the calls in flight as it ended, itself included
	 */
	void record(long startNanos, long endNanos, int inFlight) {
		this.limit.onSample(startNanos, endNanos - startNanos, inFlight, false);
	}

}
