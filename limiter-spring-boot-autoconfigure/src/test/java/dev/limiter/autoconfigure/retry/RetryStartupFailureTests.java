package dev.limiter.autoconfigure.retry;

import java.io.IOException;

import dev.limiter.autoconfigure.FailureReports;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad retry value and every invalid {@code @Retried} fails startup, naming where,
 * the bad value and what is allowed.
 *
 * @author The limiter authors
 */
class RetryStartupFailureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
				RetryAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.retries.inventory.delay=100ms");

	@Test
	void attemptsBelowOneAreRejected() {
		this.runner.withPropertyValues("limiter.retries.inventory.max-attempts=0")
			.run(failsWith("limiter.retries.inventory.max-attempts", "the value 0 is not allowed",
					"Use 1 or more (1 means no retry)."));
	}

	@Test
	void negativeDelayMultiplierBelowOneAndJitterAboveTheDelayAreRejected() {
		this.runner.withPropertyValues("limiter.retries.inventory.delay=-1ms")
			.run(failsWith("limiter.retries.inventory.delay", "the value PT-0.001S is not allowed",
					"Use a duration of 0 or more."));
		this.runner.withPropertyValues("limiter.retries.inventory.multiplier=0.5")
			.run(failsWith("limiter.retries.inventory.multiplier", "the value 0.5 is not allowed",
					"Use a finite number of 1 or more."));
		this.runner.withPropertyValues("limiter.retries.inventory.jitter=200ms")
			.run(failsWith("limiter.retries.inventory.jitter", "the value PT0.2S is not allowed",
					"Use a duration from 0 to the delay (PT0.1S)."));
		this.runner.withPropertyValues("limiter.retries.inventory.max-delay=50ms")
			.run(failsWith("limiter.retries.inventory.max-delay", "the value PT0.05S is not allowed",
					"Use a duration of at least the delay (PT0.1S)."));
	}

	@Test
	void negativeBudgetRatioIsRejected() {
		this.runner.withPropertyValues("limiter.retries.inventory.budget.ratio=-0.1")
			.run(failsWith("limiter.retries.inventory.budget.ratio", "the value -0.1 is not allowed",
					"Use a finite number of 0 or more (0.2: retries add at most 20 %)."));
	}

	@Test
	void unknownExceptionClassNameFailsBindingNamingTheProperty() {
		this.runner.withPropertyValues("limiter.retries.inventory.retry-on=java.io.IOExceptoin").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("java.io.IOExceptoin");
			assertThat(context.getStartupFailure()).hasStackTraceContaining("limiter.retries.inventory.retry-on");
		});
	}

	@Test
	void unknownPredicateBeanIsRejected() {
		this.runner.withPropertyValues("limiter.retries.inventory.predicate=missing")
			.run(failsWith("limiter.retries.inventory.predicate",
					"there is no Predicate<Throwable> bean named 'missing'",
					"Define the bean, or remove the predicate."));
	}

	@Test
	void unknownPolicyNameIsRejectedWithTheConfiguredNames() {
		this.runner.withBean("service", UnknownPolicy.class, UnknownPolicy::new)
			.run(failsWith("Bean 'service', @Retried on RetryStartupFailureTests.UnknownPolicy.call()",
					"no retry policy is named 'inventroy'",
					"Configure it under limiter.retries.inventroy (configured: [inventory]), or give the annotation inline values."));
	}

	@Test
	void missingOrMismatchedRecoverMethodIsRejected() {
		this.runner.withBean("service", MissingRecover.class, MissingRecover::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription()).contains(
					"attribute recover: there is no method named 'fallback' in " + MissingRecover.class.getName()));
		this.runner.withBean("service", MismatchedRecover.class, MismatchedRecover::new).run((context) -> {
			FailureAnalysis analysis = FailureReports.analysis(context);
			assertThat(analysis.getDescription()).contains("no method named 'fallback' takes (String)");
			assertThat(analysis.getAction())
				.isEqualTo("Declare int fallback(Throwable failure, String) or fallback(String) in the same class.");
		});
	}

	@Test
	void recoverHintForAMethodWithoutParametersListsOnlyTheFailure() {
		this.runner.withBean("service", MissingRecover.class, MissingRecover::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getAction())
				.isEqualTo("Declare void fallback(Throwable failure) or fallback() in the same class."));
	}

	@Test
	void invalidInlineValueIsRejected() {
		this.runner.withBean("service", BadInline.class, BadInline::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription()).contains(
					"@Retried on RetryStartupFailureTests.BadInline.call(), attribute maxAttempts: 'many' is not a whole number"));
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String source, String problem,
			String action) {
		return FailureReports.failsWith("retry policy", source, problem, action);
	}

	static class UnknownPolicy {

		@Retried("inventroy")
		void call() {
		}

	}

	static class MissingRecover {

		@Retried(name = "inventory", recover = "fallback")
		void call() {
		}

	}

	static class MismatchedRecover {

		@Retried(name = "inventory", recover = "fallback")
		int call(String item) {
			return 1;
		}

		int fallback(IOException failure, int wrong) {
			return 0;
		}

	}

	static class BadInline {

		@Retried(maxAttempts = "many")
		void call() {
		}

	}

}
