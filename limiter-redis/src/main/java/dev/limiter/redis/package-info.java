/**
 * Rate limits shared by every instance of a service through Redis: the core's two
 * algorithms as Lua scripts, behind the core's {@link dev.limiter.core.RateLimiter}
 * contract.
 */
@NullMarked
package dev.limiter.redis;

import org.jspecify.annotations.NullMarked;
