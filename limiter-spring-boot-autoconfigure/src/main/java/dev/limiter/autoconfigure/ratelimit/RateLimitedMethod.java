package dev.limiter.autoconfigure.ratelimit;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import dev.limiter.autoconfigure.KeyExpression;
import dev.limiter.core.Durations;
import org.jspecify.annotations.Nullable;

/**
 * The {@code @RateLimited} annotations of one method, read, resolved and checked once:
 * all the interceptor looks at on a call.
 *
 * @param description the method as messages name it
 * @param method the method as the target class declares it (not an interface's), whose
 * parameter names key expressions see
 * @param limits the limits a call must pass, in annotation order
 * @param async whether the method returns a {@link java.util.concurrent.CompletionStage},
 * so that it waits without blocking and reports rejections through the returned stage
 * @author The limiter authors
 * @since 0.1.0
 */
record RateLimitedMethod(String description, Method method, List<Limit> limits, boolean async) {

	/**
	 * One limit on the method.
	 *
	 * @param limit the registered limit
	 * @param permits what a call costs
	 * @param timeout how long a call may wait
	 * @param key the client key expression, or {@code null} for the shared limiter
	 */
	record Limit(RegisteredRateLimit limit, int permits, Duration timeout, @Nullable KeyExpression key) {

		/**
		 * The timeout in nanoseconds, saturating for durations longer than about 292
		 * years ({@link Duration#toNanos()} would throw).
		 */
		long timeoutNanos() {
			return Durations.toNanosSaturated(this.timeout);
		}

		String name() {
			return this.limit.settings().name();
		}

		boolean dryRun() {
			return this.limit.settings().dryRun();
		}

	}

}
