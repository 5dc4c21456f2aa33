package dev.limiter.autoconfigure.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import org.junit.jupiter.api.Test;

import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpOutputMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProblemJson}: what it writes is what Spring's Jackson converter
 * writes, byte for byte, whatever the names and paths hold.
 *
 * @author The limiter authors
 */
class ProblemJsonTests {

	private final JacksonJsonHttpMessageConverter converter = new JacksonJsonHttpMessageConverter();

	@Test
	void writesWhatJacksonWritesForEveryCharacterOutsideSurrogates() throws Exception {
		Random random = new Random(12);
		for (int round = 0; round < 2_000; round++) {
			String first = text(random);
			String second = text(random);
			ProblemDetail problem = problem(List.of(first, second), "/items/" + round);
			assertThat(new String(ProblemJson.write(problem), StandardCharsets.UTF_8))
				.as("names %s and %s", first, second)
				.isEqualTo(jackson(problem));
		}
	}

	@Test
	void declinesASurrogate() {
		assertThat(ProblemJson.write(problem(List.of("emoji \uD83D\uDE00"), "/"))).isNull();
		assertThat(ProblemJson.write(problem(List.of("half \uD83D"), "/"))).isNull();
	}

	@Test
	void declinesAProblemItDidNotMake() {
		ProblemDetail problem = problem(List.of("search"), "/");
		problem.setProperty("more", 1);
		assertThat(ProblemJson.write(problem)).isNull();
	}

	private static String text(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			char c;
			do {
				// mostly the characters JSON treats specially, the rest of the BMP too
				c = random.nextBoolean() ? (char) random.nextInt(0x80) : (char) random.nextInt(0x10000);
			}
			while (Character.isSurrogate(c));
			text.append(c);
		}
		return text.toString();
	}

	private static ProblemDetail problem(List<String> names, String path) {
		List<RateLimitExceededException.Violation> violations = names.stream()
			.map((name) -> new RateLimitExceededException.Violation(name, 1, Duration.ofMillis(2_500), 2))
			.toList();
		ProblemDetail problem = RateLimitProblem.body(new RateLimitExceededException(violations));
		problem.setInstance(URI.create(path));
		return problem;
	}

	private String jackson(ProblemDetail problem) throws Exception {
		MockHttpOutputMessage output = new MockHttpOutputMessage();
		this.converter.write(problem, ResolvableType.forClass(ProblemDetail.class), MediaType.APPLICATION_PROBLEM_JSON,
				output, null);
		return output.getBodyAsString(StandardCharsets.UTF_8);
	}

}
