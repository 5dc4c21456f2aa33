/**
 * Rate limiting for Spring applications: limits per client key.
 */
@NullMarked
package dev.limiter.autoconfigure.ratelimit;

import org.jspecify.annotations.NullMarked;
