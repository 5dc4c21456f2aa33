package dev.limiter.autoconfigure.ratelimit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RateLimitExceededException}: every limit that rejected, the longest wait, and no
 * stack trace (a flow control signal thrown as often as clients exceed their limits).
 *
 * @author The limiter authors
 */
class RateLimitExceededExceptionTests {

	@Test
	void namesEveryLimitAndTheLongestWait() {
		RateLimitExceededException ex = new RateLimitExceededException(
				List.of(new RateLimitExceededException.Violation("per-second", 1, Duration.ofMillis(500), 2),
						new RateLimitExceededException.Violation("per-minute", 1, Duration.ofSeconds(3), 0.33)));
		assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(3));
		assertThat(ex).hasMessage("Rate limits 'per-second', 'per-minute' exceeded: 1 permit available in 3000 ms");
	}

	@Test
	void carriesNoStackTraceButCanStillTakeACause() {
		RateLimitExceededException ex = new RateLimitExceededException("search", 1, Duration.ofSeconds(1), 10);
		assertThat(ex.getStackTrace()).isEmpty();
		IllegalStateException cause = new IllegalStateException("upstream");
		ex.initCause(cause);
		assertThat(ex).hasCause(cause);
	}

	@Test
	void serializesWithItsViolationsAndMessage() throws Exception {
		RateLimitExceededException ex = new RateLimitExceededException(
				List.of(new RateLimitExceededException.Violation("per-second", 1, Duration.ofMillis(500), 2),
						new RateLimitExceededException.Violation("per-day", 1, Duration.ofHours(3), 1e-5)));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(ex);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			RateLimitExceededException read = (RateLimitExceededException) in.readObject();
			assertThat(read.getViolations()).isEqualTo(ex.getViolations());
			assertThat(read.getLimitName()).isEqualTo("per-day");
			assertThat(read.getMessage()).isEqualTo(ex.getMessage());
		}
	}

	@Test
	void needsAtLeastOneViolation() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitExceededException(List.of()));
	}

}
