package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.UUID;

import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientKey}: what a key costs is bounded whatever the key expression
 * yields.
 *
 * @author The limiter authors
 */
class ClientKeyTests {

	@Test
	void longStringIsKeptAsItsDigest() {
		String huge = "k".repeat(7 * 1024);
		Object key = ClientKey.of(huge);
		assertThat(key).isInstanceOf(String.class).asString().startsWith("sha256:").hasSize(50);
		assertThat(ClientKey.of(new String(huge))).isEqualTo(key);
		assertThat(ClientKey.of(huge + "x")).isNotEqualTo(key);
	}

	@Test
	void shortStringsAndSmallValuesAreKeptAsTheyAre() {
		String text = "a".repeat(ClientKey.MAX_LENGTH);
		assertThat(ClientKey.of(text)).isSameAs(text);
		UUID id = UUID.randomUUID();
		assertThat(ClientKey.of(id)).isSameAs(id);
		assertThat(ClientKey.of(42L)).isEqualTo(42L);
	}

	@Test
	void otherObjectsAreKeptAsTheirStringNotRetained() {
		Object request = new Object() {

			@Override
			public String toString() {
				return "request-from-10.0.0.1";
			}

		};
		assertThat(ClientKey.of(request)).isEqualTo("request-from-10.0.0.1");
	}

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
