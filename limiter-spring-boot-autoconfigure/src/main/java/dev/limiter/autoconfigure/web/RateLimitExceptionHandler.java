package dev.limiter.autoconfigure.web;

import java.net.URI;

import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Turns a {@link RateLimitExceededException} into {@code 429 Too Many Requests} (RFC
 * 6585) with an exact {@code Retry-After}, the {@code RateLimit-Policy} and
 * {@code RateLimit} fields, and an RFC 9457 problem body of the draft's
 * {@code quota-exceeded} type naming in {@code violated-policies} every limit that
 * rejected the call; {@code Retry-After} is the longest of their waits, so a client that
 * waits that long finds all of them free.
 *
 * <p>
 * Ordered last among controller advice, and registered after the application's own, so a
 * controller's or the application's {@code @ExceptionHandler} for the exception (or one
 * of its supertypes) wins.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RateLimitExceptionHandler {

	/**
	 * The problem type the ratelimit-headers draft registers for an exceeded quota.
	 */
	public static final URI QUOTA_EXCEEDED = RateLimitProblem.QUOTA_EXCEEDED;

	/**
	 * Answers a rejected call.
	 * @param ex the rejection
	 * @return the 429 response
	 */
	@ExceptionHandler(RateLimitExceededException.class)
	public ResponseEntity<ProblemDetail> handleRateLimitExceeded(RateLimitExceededException ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.headers(RateLimitProblem.headers(ex))
			.body(RateLimitProblem.body(ex));
	}

}
