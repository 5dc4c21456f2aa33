package dev.limiter.autoconfigure.web;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimitExceededException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Turns a {@link ConcurrencyLimitExceededException} into an RFC 9457 problem naming the
 * limit and why no slot could be had: {@code 503 Service Unavailable} when the service as
 * a whole is at its cap, which is not the client's fault, and {@code 429 Too Many
 * Requests} when the client's own cap (a {@code key}ed one) is full, which is: it has too
 * many calls in flight. No {@code Retry-After} either way: when a slot frees depends on
 * how long the calls in flight take, not on a clock, and any figure would be a guess that
 * clients would then obey.
 *
 * <p>
 * Ordered last among controller advice, so the application's own handler wins.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ConcurrencyLimitExceptionHandler {

	/**
	 * Answers a call that got no slot.
	 * @param ex the rejection
	 * @return the 503 (or 429) response
	 */
	@ExceptionHandler(ConcurrencyLimitExceededException.class)
	public ResponseEntity<ProblemDetail> handleConcurrencyLimitExceeded(ConcurrencyLimitExceededException ex) {
		HttpStatus status = ex.isPerClient() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(ex.isPerClient() ? "Too many calls in flight for this client" : "Too many calls in flight");
		problem.setProperty("limit", ex.getLimitName());
		problem.setProperty("reason", ex.getReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		return ResponseEntity.status(status).body(problem);
	}

}
