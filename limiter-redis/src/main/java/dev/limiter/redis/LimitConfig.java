package dev.limiter.redis;

import java.time.Duration;

import dev.limiter.core.Durations;
import dev.limiter.core.RateLimiterConfig;

/**
 * What every limiter of one limit on this instance (its shared limiter and each client
 * key's) enforces, as Redis last said: one object per limit in a {@link RedisStore}, so
 * that a live rate change seen by one of them applies to all, and so that a change or a
 * reset, here or announced by another instance, makes all of them forget the rejections
 * they were repeating locally.
 *
 * @author The limiter authors
 */
final class LimitConfig {

	private static final byte[] BURSTY = LimiterScript.bytes("b");

	private static final byte[] WARMING_UP = LimiterScript.bytes("w");

	private static final byte[] NONE = new byte[0];

	/**
	 * The configuration and its script arguments; replaced on every change, so that the
	 * object itself tells a limiter whether what it remembered still holds.
	 */
	private volatile Args current;

	LimitConfig(RateLimiterConfig config) {
		this.current = new Args(config);
	}

	Args current() {
		return this.current;
	}

	/** Takes on a rate Redis enforces (set here, or by another instance). */
	synchronized void follow(double permitsPerSecond) {
		Args args = this.current;
		if (args.config().permitsPerSecond() != permitsPerSecond) {
			this.current = new Args(args.config().withPermitsPerSecond(permitsPerSecond));
		}
	}

	/** Marks a change that Redis announced: what limiters remembered no longer holds. */
	synchronized void changed() {
		this.current = new Args(this.current.config());
	}

	/**
	 * A configuration and the script arguments that describe it, encoded once.
	 *
	 * @param config the configuration
	 * @param rateText the rate, as Java writes a double (and so as Redis holds it)
	 * @param algorithm {@code b} or {@code w}
	 * @param rate the rate text's bytes
	 * @param first the maximum burst or the warm-up, in ns
	 * @param second the cold factor, or nothing
	 */
	record Args(RateLimiterConfig config, String rateText, byte[] algorithm, byte[] rate, byte[] first, byte[] second) {

		Args(RateLimiterConfig config) {
			this(config, Double.toString(config.permitsPerSecond()));
		}

		private Args(RateLimiterConfig config, String rateText) {
			this(config, rateText, (config instanceof RateLimiterConfig.WarmingUp) ? WARMING_UP : BURSTY,
					LimiterScript.bytes(rateText), firstParameter(config),
					(config instanceof RateLimiterConfig.WarmingUp warmingUp)
							? LimiterScript.bytes(Double.toString(warmingUp.coldFactor())) : NONE);
		}

		private static byte[] firstParameter(RateLimiterConfig config) {
			Duration duration = (config instanceof RateLimiterConfig.WarmingUp warmingUp) ? warmingUp.warmup()
					: ((RateLimiterConfig.Bursty) config).maxBurst();
			return LimiterScript.bytes(Long.toString(Durations.toNanosSaturated(duration)));
		}

	}

}
