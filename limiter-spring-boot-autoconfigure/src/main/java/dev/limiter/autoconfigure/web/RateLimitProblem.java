package dev.limiter.autoconfigure.web;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;

import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The {@code 429} a rejection is answered with: its header fields and its problem body,
 * made in one place for {@link RateLimitExceptionHandler} and
 * {@link RateLimitRejectionResolver}, which must answer alike.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class RateLimitProblem {

	/**
	 * The problem type the ratelimit-headers draft registers for an exceeded quota.
	 */
	static final URI QUOTA_EXCEEDED = URI.create("https://iana.org/assignments/http-problem-types#quota-exceeded");

	private RateLimitProblem() {
	}

	/**
	 * The fields: {@code Retry-After}, the longest wait in whole seconds rounded up, then
	 * {@code RateLimit-Policy} and {@code RateLimit} for each rejecting limit.
	 */
	static HttpHeaders headers(RateLimitExceededException ex) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.RETRY_AFTER, Long.toString(RateLimitFields.retryAfterSeconds(ex.getRetryAfter())));
		for (RateLimitExceededException.Violation violation : ex.getViolations()) {
			headers.add(RateLimitFields.POLICY,
					RateLimitFields.policy(violation.limitName(), violation.permitsPerSecond()));
			headers.add(RateLimitFields.LIMIT,
					RateLimitFields.exhausted(violation.limitName(), violation.retryAfter()));
		}
		return headers;
	}

	/** The problem body, naming every rejecting limit; its instance is left to set. */
	static ProblemDetail body(RateLimitExceededException ex) {
		long retryAfterSeconds = RateLimitFields.retryAfterSeconds(ex.getRetryAfter());
		List<String> names = ex.getViolations().stream().map(RateLimitExceededException.Violation::limitName).toList();
		String detail = (names.size() == 1) ? "Rate limit '" + names.get(0) + "' exceeded" : "Rate limits "
				+ names.stream().map((name) -> "'" + name + "'").collect(Collectors.joining(", ")) + " exceeded";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				detail + "; retry after " + retryAfterSeconds + " s");
		problem.setType(QUOTA_EXCEEDED);
		problem.setTitle("Request cannot be satisfied as assigned quota has been exceeded");
		problem.setProperty("violated-policies", names);
		return problem;
	}

}
