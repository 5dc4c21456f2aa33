package dev.limiter.autoconfigure.web;

import java.time.Duration;

import dev.limiter.core.RateLimiterSnapshot;
import dev.limiter.core.WarmupPhase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitFields}: draft-ietf-httpapi-ratelimit-headers-11 syntax.
 *
 * @author The limiter authors
 */
class RateLimitFieldsTests {

	@Test
	void policyStatesTheRateOverTheShortestWholeWindowWithAtLeastOnePermit() {
		assertThat(RateLimitFields.policy("search", 10)).isEqualTo("\"search\";q=10;w=1");
		assertThat(RateLimitFields.policy("search", 2.5)).isEqualTo("\"search\";q=2;w=1");
		assertThat(RateLimitFields.policy("slow", 0.5)).isEqualTo("\"slow\";q=30;w=60");
		assertThat(RateLimitFields.policy("daily", 1000.0 / 86400)).isEqualTo("\"daily\";q=41;w=3600");
		// below one a day: one permit over the seconds it takes, never q=0
		assertThat(RateLimitFields.policy("rare", 1e-6)).isEqualTo("\"rare\";q=1;w=1000000");
		assertThat(RateLimitFields.policy("yearly", 1.0 / (365 * 86400))).isEqualTo("\"yearly\";q=1;w=31536000");
	}

	@Test
	void namesAreEscapedStructuredFieldStrings() {
		assertThat(RateLimitFields.string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
		assertThat(RateLimitFields.string("café")).isEqualTo("\"caf?\"");
	}

	@Test
	void retryAfterRoundsUpToWholeSeconds() {
		assertThat(RateLimitFields.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(RateLimitFields.retryAfterSeconds(Duration.ofSeconds(2))).isEqualTo(2);
		assertThat(RateLimitFields.retryAfterSeconds(Duration.ofMillis(2001))).isEqualTo(3);
	}

	@Test
	void remainingCountsFreeStoredPermitsPlusThePaidForwardOneForBurstyAndOneForWarmingUp() {
		RateLimiterSnapshot bursty = new RateLimiterSnapshot(2, 2.5, 4, 4, WarmupPhase.WARM, Duration.ZERO,
				Duration.ZERO);
		assertThat(RateLimitFields.limit("b", bursty)).isEqualTo("\"b\";r=3");
		RateLimiterSnapshot warm = new RateLimiterSnapshot(2, 6, 4, 8, WarmupPhase.WARMING, Duration.ofMillis(875),
				Duration.ZERO);
		assertThat(RateLimitFields.limit("w", warm)).isEqualTo("\"w\";r=1");
		RateLimiterSnapshot owing = new RateLimiterSnapshot(2, 0, 4, 4, WarmupPhase.WARM, Duration.ofMillis(500),
				Duration.ofMillis(1200));
		assertThat(RateLimitFields.limit("o", owing)).isEqualTo("\"o\";r=0;t=2");
	}

}
