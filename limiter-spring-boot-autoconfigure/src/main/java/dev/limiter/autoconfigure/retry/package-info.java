/**
 * {@code @Retried}: retry on Spring Framework 7's core retry policy and back-off, waiting
 * on the injected time source, honoring {@code Retry-After} and spending from a retry
 * budget.
 */
@NullMarked
package dev.limiter.autoconfigure.retry;

import org.jspecify.annotations.NullMarked;
