/**
 * A runnable service that shows limiter's features.
 */
@NullMarked
package dev.limiter.sample;

import org.jspecify.annotations.NullMarked;
