package dev.limiter.autoconfigure.retry;

import java.time.Duration;
import java.time.Instant;

import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.core.retry.RetryAfter;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClientResponseException;

/**
 * Finds how long a failure says to wait: our own {@link RateLimitExceededException}, or a
 * {@code 429 Too Many Requests} or {@code 503 Service Unavailable} from Spring's
 * {@code RestClient} or {@code RestTemplate} ({@link RestClientResponseException}) with a
 * {@code Retry-After} field. The failure's causes are searched too, each once (see
 * {@link FailureCauses}).
 *
 * <p>
 * Spring Web is optional: its exception is looked at only after checking it is on the
 * class path.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class RetryAfterHints {

	private static final boolean WEB_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.client.RestClientResponseException", RetryAfterHints.class.getClassLoader());

	private RetryAfterHints() {
	}

	/**
	 * Returns the wait a failure asks for, or {@code null} if it gives none.
	 */
	static @Nullable Duration of(Throwable failure) {
		return FailureCauses.find(failure, RetryAfterHints::ofOne);
	}

	private static @Nullable Duration ofOne(Throwable candidate) {
		if (candidate instanceof RateLimitExceededException rejected) {
			return rejected.getRetryAfter();
		}
		return WEB_PRESENT ? Web.of(candidate) : null;
	}

	private static final class Web {

		static @Nullable Duration of(Throwable candidate) {
			if (candidate instanceof RestClientResponseException response) {
				int status = response.getStatusCode().value();
				HttpHeaders headers = response.getResponseHeaders();
				String retryAfter = (headers != null) ? headers.getFirst(HttpHeaders.RETRY_AFTER) : null;
				if ((status == 429 || status == 503) && retryAfter != null) {
					return RetryAfter.parse(retryAfter, Instant.now()).orElse(null);
				}
			}
			return null;
		}

	}

}
