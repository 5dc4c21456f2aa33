/**
 * Limits on calls in flight: {@link dev.limiter.core.concurrency.ConcurrencyLimiter}.
 */
@NullMarked
package dev.limiter.core.concurrency;

import org.jspecify.annotations.NullMarked;
