/**
 * {@code @ConcurrencyLimited}: caps on calls in flight.
 */
@NullMarked
package dev.limiter.autoconfigure.concurrency;

import org.jspecify.annotations.NullMarked;
