/**
 * Retry primitives that need no Spring type: a retry budget, and {@code Retry-After}
 * values.
 */
@NullMarked
package dev.limiter.core.retry;

import org.jspecify.annotations.NullMarked;
