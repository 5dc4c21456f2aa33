/**
 * Micrometer meters for rate limits and retry policies.
 */
@NullMarked
package dev.limiter.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
