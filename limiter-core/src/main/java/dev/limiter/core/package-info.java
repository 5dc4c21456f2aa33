/**
 * Rate limiters with warm-up and the time abstraction they run on, in plain Java with no
 * runtime dependencies.
 *
 * <p>
 * Start with {@link dev.limiter.core.RateLimiter} and
 * {@link dev.limiter.core.RateLimiterConfig}; test with
 * {@link dev.limiter.core.ManualTimeSource}.
 */
@NullMarked
package dev.limiter.core;

import org.jspecify.annotations.NullMarked;
