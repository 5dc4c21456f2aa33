package dev.limiter.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.limiter.core.ManualTimeSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ThrottledLog} on a {@link ManualTimeSource}, reading what reaches the
 * console.
 *
 * @author The limiter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class ThrottledLogTests {

	private static final String LOGGER = "dev.limiter.test.ThrottledLogTests";

	private final Log log = LogFactory.getLog(LOGGER);

	private final ManualTimeSource time = new ManualTimeSource();

	private final ThrottledLog throttled = new ThrottledLog(this.log, Duration.ofSeconds(10), this.time);

	@AfterEach
	void resetLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LOGGER, null);
	}

	@Test
	void firstLineGoesAtOnceThenOnePerIntervalSayingHowManyWereLeftOut(CapturedOutput output) {
		for (int i = 1; i <= 1000; i++) {
			int line = i;
			this.throttled.warn(() -> "refused " + line);
		}
		assertThat(lines(output)).containsExactly("refused 1");
		this.time.advance(Duration.ofMillis(9_999));
		this.throttled.info(() -> "changed");
		assertThat(lines(output)).containsExactly("refused 1");
		this.time.advance(Duration.ofMillis(1));
		this.throttled.info(() -> "changed");
		this.throttled.info(() -> "changed again");
		this.time.advance(Duration.ofSeconds(10));
		this.throttled.info(() -> "quiet");
		assertThat(lines(output)).containsExactly("refused 1", "changed (1000 more lines suppressed)",
				"quiet (1 more lines suppressed)");
		assertThat(this.time.sleeps()).as("never waits").isEmpty();
	}

	@Test
	void lineAtALevelThatIsOffIsNeitherBuiltNorWrittenNorCounted(CapturedOutput output) {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel(LOGGER, LogLevel.WARN);
		this.throttled.info(() -> {
			throw new AssertionError("built a message that is not logged");
		});
		this.throttled.warn(() -> "refused");
		assertThat(lines(output)).containsExactly("refused");
	}

	@Test
	void intervalMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ThrottledLog(this.log, Duration.ZERO, this.time))
			.withMessage("interval (PT0S) must be positive");
	}

	/** The messages this test's logger wrote, without the log pattern around them. */
	private static List<String> lines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(LOGGER.substring(LOGGER.lastIndexOf('.') + 1)))
			.map((line) -> line.replaceFirst("^.*? (--|:) ", ""))
			.toList();
	}

}
