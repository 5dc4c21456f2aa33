/**
 * JMH benchmarks of limiter's hot paths against its peers; see
 * {@code docs/benchmarks.md}.
 */
package dev.limiter.benchmarks;
