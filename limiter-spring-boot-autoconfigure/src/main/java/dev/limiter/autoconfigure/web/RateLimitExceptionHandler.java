package dev.limiter.autoconfigure.web;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

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
		List<String> names = ex.getViolations().stream().map(RateLimitExceededException.Violation::limitName).toList();
		String detail = (names.size() == 1) ? "Rate limit '" + names.get(0) + "' exceeded" : "Rate limits "
				+ names.stream().map((name) -> "'" + name + "'").collect(Collectors.joining(", ")) + " exceeded";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				detail + "; retry after " + retryAfterSeconds + " s");
		problem.setType(QUOTA_EXCEEDED);
		problem.setTitle("Request cannot be satisfied as assigned quota has been exceeded");
		problem.setProperty("violated-policies", names);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		for (RateLimitExceededException.Violation violation : ex.getViolations()) {
			response.header(RateLimitFields.POLICY,
					RateLimitFields.policy(violation.limitName(), violation.permitsPerSecond()));
			response.header(RateLimitFields.LIMIT,
					RateLimitFields.exhausted(violation.limitName(), violation.retryAfter()));
		}
		return response.body(problem);
	}

}
