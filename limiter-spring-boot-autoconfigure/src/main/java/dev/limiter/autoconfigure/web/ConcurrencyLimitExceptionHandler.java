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
 * Turns a {@link ConcurrencyLimitExceededException} into {@code 503 Service Unavailable}
 * with an RFC 9457 problem body naming the limit and why no slot could be had: the
 * service as a whole is at its cap, which is not the client's fault (a {@code 429} would
 * say it is). No {@code Retry-After}: when a slot frees depends on calls in flight, and
 * any figure would be a guess.
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
	 * @return the 503 response
	 */
	@ExceptionHandler(ConcurrencyLimitExceededException.class)
	public ResponseEntity<ProblemDetail> handleConcurrencyLimitExceeded(ConcurrencyLimitExceededException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Too many calls in flight");
		problem.setProperty("limit", ex.getLimitName());
		problem.setProperty("reason", ex.getReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

}
