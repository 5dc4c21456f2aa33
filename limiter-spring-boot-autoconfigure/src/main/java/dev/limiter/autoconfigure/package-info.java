/**
 * Spring Boot auto-configuration for limiter: properties under {@code limiter.*}.
 */
@NullMarked
package dev.limiter.autoconfigure;

import org.jspecify.annotations.NullMarked;
