/**
 * Actuator endpoints ({@code ratelimits}, {@code retrypolicies}) and the health
 * contributor.
 */
@NullMarked
package dev.limiter.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
