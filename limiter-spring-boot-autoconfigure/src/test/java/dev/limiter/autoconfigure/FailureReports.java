package dev.limiter.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on the startup report of a context that failed with an
 * {@link InvalidConfigurationException}, as the user would read it.
 *
 * @author The limiter authors
 */
public final class FailureReports {

	private FailureReports() {
	}

	/**
	 * Asserts that the context failed, with exactly this report.
	 * @param kind "rate limit" or "retry policy"
	 * @param source where the problem is
	 * @param problem what is wrong
	 * @param action how to fix it
	 * @return the assertion
	 */
	public static ContextConsumer<AssertableApplicationContext> failsWith(String kind, String source, String problem,
			String action) {
		return (context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).isEqualTo("Invalid " + kind + " at " + source + ": " + problem + ".");
			assertThat(analysis.getAction()).isEqualTo(action);
		};
	}

	/**
	 * Asserts that the context failed with an invalid configuration, and returns the
	 * report.
	 * @param context the context
	 * @return the report
	 */
	public static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
