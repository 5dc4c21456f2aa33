/**
 * The Redis store of rate limits, when limiter-redis and Spring Data Redis are on the
 * class path.
 */
@NullMarked
package dev.limiter.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
