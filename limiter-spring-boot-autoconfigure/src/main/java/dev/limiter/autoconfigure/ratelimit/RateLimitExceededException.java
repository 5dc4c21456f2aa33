package dev.limiter.autoconfigure.ratelimit;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.limiter.core.Durations;
import org.jspecify.annotations.Nullable;

/**
 * A call that one or more rate limits rejected. In a Spring MVC request it becomes a
 * {@code 429 Too Many Requests} with an exact {@code Retry-After}, unless the application
 * handles it with its own {@code @ExceptionHandler}.
 *
 * <p>
 * A method with several limits (say one per second and one per day) is checked against
 * all of them before it is rejected, so the exception names every limit that rejected it
 * ({@link #getViolations()}) and its {@link #getRetryAfter()} is the longest of their
 * waits: a client that waits that long finds every one of them free.
 *
 * <p>
 * A flow control signal, thrown as often as clients exceed their limits (a flood of them
 * is what a limiter exists for), so it carries no stack trace: filling one in was most of
 * a rejection's cost (3.7 µs and 1.9 KB per rejected call; issue 12's measurements).
 * Where it was thrown is the annotated method, which {@link #getViolations()} names by
 * its limits.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<Violation> violations;

	private final Violation longest;

	/** Built on first use: see {@link #getMessage()}. */
	private transient @Nullable String message;

	/**
	 * Creates an exception for one limit.
	 * @param limitName the name of the limit that rejected the call
	 * @param permits how many permits the call asked for
	 * @param retryAfter how long until the limit would admit the call, exactly
	 * @param permitsPerSecond the limit's stable rate
	 */
	public RateLimitExceededException(String limitName, int permits, Duration retryAfter, double permitsPerSecond) {
		this(List.of(new Violation(limitName, permits, retryAfter, permitsPerSecond)));
	}

	/**
	 * Creates an exception for every limit that rejected a call.
	 * @param violations the limits that rejected it, in the method's order; at least one
	 */
	public RateLimitExceededException(List<Violation> violations) {
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("violations must not be empty");
		}
		this.violations = List.copyOf(violations);
		this.longest = longest(this.violations);
	}

	/**
	 * Names the limits and the wait, built when first asked for: a caller that handles
	 * the rejection (a 429 written from its fields) never pays for the text.
	 */
	@Override
	public String getMessage() {
		String message = this.message;
		if (message == null) {
			message = message(this.violations, this.longest);
			this.message = message;
		}
		return message;
	}

	/**
	 * Fills in no stack trace (see the class's description), so it takes no lock either:
	 * there is nothing to guard. A cause can still be set.
	 * @return this exception
	 */
	@Override
	public Throwable fillInStackTrace() {
		return this;
	}

	/** The first of the violations with the longest wait. */
	private static Violation longest(List<Violation> violations) {
		Violation longest = violations.get(0);
		for (Violation violation : violations) {
			if (violation.retryAfter().compareTo(longest.retryAfter()) > 0) {
				longest = violation;
			}
		}
		return longest;
	}

	private static String message(List<Violation> violations, Violation longest) {
		String names = violations.stream()
			.map((violation) -> "'" + violation.limitName() + "'")
			.collect(Collectors.joining(", "));
		return ((violations.size() == 1) ? "Rate limit " : "Rate limits ") + names + " exceeded: " + longest.permits()
				+ ((longest.permits() == 1) ? " permit" : " permits") + " available in "
				+ Durations.toNanosSaturated(longest.retryAfter()) / 1_000_000 + " ms";
	}

	/**
	 * Returns every limit that rejected the call.
	 * @return the violations, in the method's order
	 */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * Returns the name of the limit that rejected the call, the one with the longest wait
	 * if several did.
	 * @return the limit's name
	 */
	public String getLimitName() {
		return this.longest.limitName();
	}

	/**
	 * Returns how many permits the call asked of that limit.
	 * @return the permits
	 */
	public int getPermits() {
		return this.longest.permits();
	}

	/**
	 * Returns how long until every limit that rejected the call would admit it: the
	 * longest of their waits, as the limiters computed them (not rounded).
	 * @return the wait
	 */
	public Duration getRetryAfter() {
		return this.longest.retryAfter();
	}

	/**
	 * Returns the stable rate of the limit with the longest wait.
	 * @return permits per second
	 */
	public double getPermitsPerSecond() {
		return this.longest.permitsPerSecond();
	}

	/**
	 * One limit that rejected a call.
	 *
	 * @param limitName the limit's name
	 * @param permits how many permits the call asked of it
	 * @param retryAfter how long until it would admit the call, exactly
	 * @param permitsPerSecond its stable rate
	 */
	public record Violation(String limitName, int permits, Duration retryAfter,
			double permitsPerSecond) implements Serializable {

		/**
		 * Checks the values.
		 */
		public Violation {
			Objects.requireNonNull(limitName, "limitName must not be null");
			Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		}

	}

}
