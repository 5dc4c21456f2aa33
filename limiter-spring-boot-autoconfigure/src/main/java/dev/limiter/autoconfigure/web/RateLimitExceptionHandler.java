package dev.limiter.autoconfigure.web;

import java.net.URI;
import java.util.List;

import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Turns a {@link RateLimitExceededException} into {@code 429 Too Many Requests} (RFC
 * 6585) with an exact {@code Retry-After}, the {@code RateLimit-Policy} and
 * {@code RateLimit} fields, and an RFC 9457 problem body of the draft's
 * {@code quota-exceeded} type naming the limit in {@code violated-policies}.
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
	public static final URI QUOTA_EXCEEDED = URI
		.create("https://iana.org/assignments/http-problem-types#quota-exceeded");

	/**
	 * Answers a rejected call.
	 * @param ex the rejection
	 * @return the 429 response
	 */
	@ExceptionHandler(RateLimitExceededException.class)
	public ResponseEntity<ProblemDetail> handleRateLimitExceeded(RateLimitExceededException ex) {
		long retryAfterSeconds = RateLimitFields.retryAfterSeconds(ex.getRetryAfter());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Rate limit '" + ex.getLimitName() + "' exceeded; retry after " + retryAfterSeconds + " s");
		problem.setType(QUOTA_EXCEEDED);
		problem.setTitle("Request cannot be satisfied as assigned quota has been exceeded");
		problem.setProperty("violated-policies", List.of(ex.getLimitName()));
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
			.header(RateLimitFields.POLICY, RateLimitFields.policy(ex.getLimitName(), ex.getPermitsPerSecond()))
			.header(RateLimitFields.LIMIT, RateLimitFields.exhausted(ex.getLimitName(), ex.getRetryAfter()))
			.body(problem);
	}

}
