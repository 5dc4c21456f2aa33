package dev.limiter.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RedisKeys}: one Redis Cluster slot per limit, and keys bounded in
 * length whatever clients send.
 *
 * @author The limiter authors
 */
class RedisKeysTests {

	private final RedisKeys keys = new RedisKeys("limiter:");

	@Test
	void keysOfALimitShareItsHashTag() {
		assertThat(this.keys.rate("search")).isEqualTo("limiter:{search}:rate");
		assertThat(this.keys.state("search", null)).isEqualTo("limiter:{search}:shared");
		assertThat(this.keys.state("search", "10.0.0.7")).isEqualTo("limiter:{search}:key:10.0.0.7");
		assertThat(this.keys.state("search", 42L)).isEqualTo("limiter:{search}:key:42");
	}

	@Test
	void longOrDelimitingPartsAreDigestedSoKeysStayBounded() {
		String huge = "x".repeat(7 * 1024);
		assertThat(this.keys.state("search", huge)).hasSizeLessThan(150).startsWith("limiter:{search}:key:~");
		// a client key cannot break out of its part, nor a name out of the hash tag
		assertThat(this.keys.state("search", "a}:rate")).doesNotContain("a}").startsWith("limiter:{search}:key:~");
		assertThat(this.keys.rate("x}{y")).matches("limiter:\\{~[A-Za-z0-9_-]+\\}:rate");
		assertThat(this.keys.state("search", huge)).isEqualTo(this.keys.state("search", new String(huge)))
			.isNotEqualTo(this.keys.state("search", huge + "y"));
	}

	@Test
	void prefixThatWouldChangeTheHashTagIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys("app{1}:"))
			.withMessageContaining("without braces");
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys("p".repeat(49)))
			.withMessageContaining("at most 48 characters");
	}

}
