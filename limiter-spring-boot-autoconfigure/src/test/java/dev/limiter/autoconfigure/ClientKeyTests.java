package dev.limiter.autoconfigure;

import java.util.UUID;

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

}
