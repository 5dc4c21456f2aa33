package dev.limiter.core;

import java.time.Duration;

/**
 * A limiter's state at one moment, as {@link RateLimiter#snapshot()} reads it: what
 * Actuator shows and metrics gauge.
 *
 * @param permitsPerSecond the stable rate
 * @param storedPermits permits stored from idle time, as of the moment read
 * @param thresholdPermits stored permits above which a permit costs more than the stable
 * interval; equal to {@code maxPermits} for a bursty limiter, whose stored permits are
 * free
 * @param maxPermits the most permits the limiter stores
 * @param phase how warm the limiter is
 * @param nextPermitInterval how far one permit taken now would move the next free moment
 * on: the stable interval when warm, up to {@code coldFactor} times it when cold, and
 * zero for a bursty limiter with a whole permit stored
 * @param nextFreeIn how long until the limiter is next free; zero if it is free now
 * @author The limiter authors
 * @since 0.1.0
 */
public record RateLimiterSnapshot(double permitsPerSecond, double storedPermits, double thresholdPermits,
		double maxPermits, WarmupPhase phase, Duration nextPermitInterval, Duration nextFreeIn) {

	/**
	 * Returns the warm-up phase of a store: cold when full, warming above the threshold,
	 * warm otherwise. For a limiter whose state lives elsewhere (Redis) as much as for
	 * the core's own.
	 * @param storedPermits the stored permits
	 * @param thresholdPermits the threshold above which permits cost more
	 * @param maxPermits the most permits stored
	 * @return the phase
	 */
	public static WarmupPhase phaseOf(double storedPermits, double thresholdPermits, double maxPermits) {
		if (storedPermits > thresholdPermits) {
			return (storedPermits >= maxPermits) ? WarmupPhase.COLD : WarmupPhase.WARMING;
		}
		return WarmupPhase.WARM;
	}

}
