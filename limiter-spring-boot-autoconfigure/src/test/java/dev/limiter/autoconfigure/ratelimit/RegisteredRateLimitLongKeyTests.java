package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A per-client rate limit keeps a long key as its digest and finds it again by the text
 * an operator gives.
 *
 * @author The limiter authors
 */
class RegisteredRateLimitLongKeyTests {

	@Test
	void limitHoldsTheDigestAndFindsTheKeyByItsText() {
		RateLimitProperties properties = new RateLimitProperties();
		properties.setRate(1.0);
		RegisteredRateLimit limit = new RegisteredRateLimit(
				RateLimitSettings.resolve("api", properties, new RateLimitProperties(), (property) -> property),
				new ManualTimeSource());
		String apiKey = "x".repeat(7 * 1024);
		assertThat(limit.forKey(apiKey).tryAcquire()).isTrue();
		assertThat(limit.forKey(apiKey).tryAcquire()).isFalse();
		assertThat(limit.keyed().keys()).singleElement().asString().hasSize(50);
		assertThat(limit.findKey(apiKey)).isNotNull();
		assertThat(limit.keyed().find(limit.findKey(apiKey)).queryWaitNanos(1))
			.isEqualTo(Duration.ofSeconds(1).toNanos());
	}

}
