package dev.limiter.sample;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad {@code sample.downstream.failures-per-success} fails startup with a message that
 * names the property (before: a conversion stack trace that did not, for anything but a
 * negative number). Found by review.
 *
 * @author The limiter authors
 */
class DownstreamPropertiesTests {

	@ParameterizedTest
	@ValueSource(strings = { "two", "1.5", "-1" })
	void aBadValueFailsStartupNamingTheProperty(String value) {
		SpringApplication app = new SpringApplication(SampleApplication.class);
		assertThatException()
			.isThrownBy(
					() -> app
						.run("--server.port=0", "--sample.downstream.failures-per-success=" + value,
								"--spring.main.banner-mode=off")
						.close())
			.satisfies((ex) -> assertThat(messages(ex)).contains("sample.downstream")
				.containsAnyOf("failures-per-success", "failuresPerSuccess"));
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
