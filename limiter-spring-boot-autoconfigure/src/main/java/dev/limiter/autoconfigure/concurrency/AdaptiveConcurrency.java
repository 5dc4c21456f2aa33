package dev.limiter.autoconfigure.concurrency;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import dev.limiter.core.concurrency.ConcurrencyLimiter;

/**
 * Moves a limiter's cap with the latency its calls see, by Netflix's Gradient2 algorithm
 * (the reference implementation, in {@code concurrency-limits-core}): while latency stays
 * near its long-term minimum the cap grows, and when calls queue up in the service
 * (latency rising above it) the cap shrinks, always between {@code minConcurrent} and
 * {@code maxConcurrent}.
 *
 * <p>
 * Samples are gathered in windows of at least one second and ten calls
 * ({@link WindowedLimit}'s defaults) so that one slow call does not move the cap. Times
 * are the {@code TimeSource}'s nanoseconds, so a test drives convergence exactly. The
 * Netflix types stay in this class.
 *
 * @author The limiter authors
 */
final class AdaptiveConcurrency {

	private final Limit limit;

	/**
	 * Starts the cap of {@code limiter} at {@code minConcurrent} and moves it from then
	 * on.
	 * @param limiter the limiter whose cap moves
	 * @param minConcurrent the least the cap shrinks to
	 * @param maxConcurrent the most it grows to
	 */
	AdaptiveConcurrency(ConcurrencyLimiter limiter, int minConcurrent, int maxConcurrent) {
		this.limit = WindowedLimit.newBuilder()
			.build(Gradient2Limit.newBuilder()
				.initialLimit(minConcurrent)
				.minLimit(minConcurrent)
				.maxConcurrency(maxConcurrent)
				.build());
		limiter.setMaxConcurrent(this.limit.getLimit());
		this.limit.notifyOnChange(limiter::setMaxConcurrent);
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
