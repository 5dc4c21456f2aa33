package dev.limiter.autoconfigure.ratelimit;

import java.util.concurrent.CompletableFuture;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.FailureReports;
import dev.limiter.autoconfigure.InvalidConfigurationFailureAnalyzer;
import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad configuration value and every invalid {@code @RateLimited} fails startup,
 * with a report that names where the problem is, the bad value, and the fix.
 *
 * @author The limiter authors
 */
class RateLimitStartupFailureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LimiterAutoConfiguration.class, AopAutoConfiguration.class,
				RateLimitAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.rate-limits.search.rate=10");

	@ParameterizedTest
	@ValueSource(strings = { "-1", "0", "1e-300", "9e-10", "1.1e9" })
	void rateOutOfRangeNamesThePropertyAndTheAllowedRange(String rate) {
		this.runner.withPropertyValues("limiter.rate-limits.search.rate=" + rate)
			.run(failsWith("limiter.rate-limits.search.rate",
					"the value " + Double.parseDouble(rate) + " is not allowed",
					"Use a number of permits per second from 1.0E-9 (one permit in about 31.7 years) to 1.0E9 "
							+ "(one per nanosecond)."));
	}

	@Test
	void methodReturningACompletableFutureSubclassFailsStartup() {
		this.runner.withBean(OwnFuture.class)
			.run(failsWith(
					"Bean 'rateLimitStartupFailureTests.OwnFuture', @RateLimited on RateLimitStartupFailureTests.OwnFuture.call()",
					"it returns " + OwnFuture.Result.class.getName()
							+ ", a CompletionStage that the interceptor cannot create (it returns its own "
							+ "CompletableFuture)",
					"Declare the method to return CompletionStage or CompletableFuture."));
	}

	@Test
	void missingRateSaysWhereToSetIt() {
		this.runner.withPropertyValues("limiter.rate-limits.other.timeout=1s")
			.run(failsWith("limiter.rate-limits.other.rate", "no rate is set",
					"Set the rate in permits per second, on the limit or in limiter.rate-limit-defaults."));
	}

	@Test
	void zeroWarmupIsRejected() {
		this.runner.withPropertyValues("limiter.rate-limits.search.warmup=0s")
			.run(failsWith("limiter.rate-limits.search.warmup", "the value PT0S is not allowed",
					"Use a positive duration; leave warmup out for a limit without warm-up."));
	}

	@Test
	void coldFactorBelowOneIsRejected() {
		this.runner
			.withPropertyValues("limiter.rate-limits.search.warmup=3s", "limiter.rate-limits.search.cold-factor=0.5")
			.run(failsWith("limiter.rate-limits.search.cold-factor", "the value 0.5 is not allowed",
					"Use a number from 1 to 1000000.0 (a million times slower when cold)."));
	}

	@Test
	void negativeMaxBurstTimeoutAndBadKeyBoundsAreRejected() {
		this.runner.withPropertyValues("limiter.rate-limits.search.max-burst=-1s")
			.run(failsWith("limiter.rate-limits.search.max-burst", "the value PT-1S is not allowed",
					"Use a duration of 0 (store nothing) or more."));
		this.runner.withPropertyValues("limiter.rate-limits.search.timeout=-5ms")
			.run(failsWith("limiter.rate-limits.search.timeout", "the value PT-0.005S is not allowed",
					"Use a duration of 0 (reject at once) or more."));
		this.runner.withPropertyValues("limiter.rate-limits.search.max-keys=0")
			.run(failsWith("limiter.rate-limits.search.max-keys", "the value 0 is not allowed", "Use 1 or more."));
		this.runner.withPropertyValues("limiter.rate-limits.search.key-idle-expiry=0s")
			.run(failsWith("limiter.rate-limits.search.key-idle-expiry", "the value PT0S is not allowed",
					"Use a positive duration."));
	}

	@Test
	void settingsThatContradictEachOtherAreRejected() {
		this.runner.withPropertyValues("limiter.rate-limits.search.cold-factor=2")
			.run(failsWith("limiter.rate-limits.search.cold-factor",
					"cold-factor (2.0) is set on a limit without warmup",
					"Set warmup as well to make it a warming-up limit, or remove cold-factor."));
		this.runner
			.withPropertyValues("limiter.rate-limits.search.warmup=2s", "limiter.rate-limits.search.max-burst=2s")
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.contains("max-burst (PT2S) is set on a warming-up limit (warmup PT2S)"));
	}

	@Test
	void defaultsFillWhatALimitLeavesOut() {
		this.runner
			.withPropertyValues("limiter.rate-limit-defaults.warmup=2s", "limiter.rate-limit-defaults.cold-factor=4",
					"limiter.rate-limit-defaults.timeout=50ms")
			.run((context) -> {
				RateLimitSettings search = context.getBean(RateLimitRegistry.class).find("search").settings();
				assertThat(search.limiter())
					.isEqualTo(dev.limiter.core.RateLimiterConfig.warmingUp(10, java.time.Duration.ofSeconds(2), 4));
				assertThat(search.timeout()).isEqualTo(java.time.Duration.ofMillis(50));
			});
	}

	@Test
	void annotationNamingAnUnknownLimitNamesTheBeanMethodAndTheConfiguredLimits() {
		this.runner.withBean("badService", UnknownLimit.class, UnknownLimit::new)
			.run(failsWith("Bean 'badService', @RateLimited on RateLimitStartupFailureTests.UnknownLimit.call()",
					"no rate limit is named 'serach'",
					"Configure it under limiter.rate-limits.serach (configured: [search]), or give the annotation an inline rate."));
	}

	@Test
	void invalidKeyExpressionFailsStartup() {
		this.runner.withBean("badService", BadKey.class, BadKey::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription()).startsWith(
					"Invalid rate limit at Bean 'badService', @RateLimited on RateLimitStartupFailureTests.BadKey.call(String), attribute key: the key expression '#user.' is not valid SpEL"));
	}

	@Test
	void annotationWithNeitherNameNorRateFailsStartup() {
		this.runner.withBean("badService", NoName.class, NoName::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.contains("the annotation names no limit and gives no rate"));
	}

	@Test
	void invalidInlineValuesAndPermitsFailStartup() {
		this.runner.withBean("badService", BadInline.class, BadInline::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.contains("BadInline.call(), attribute warmup: 'soon' is not a duration"));
		this.runner.withBean("badService", BadPermits.class, BadPermits::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.contains("attribute permits: permits is 0"));
		this.runner.withBean("badService", InlineNamedLikeConfigured.class, InlineNamedLikeConfigured::new)
			.run((context) -> assertThat(FailureReports.analysis(context).getDescription())
				.contains("the inline limit is named 'search', which is also configured in limiter.rate-limits"));
	}

	@Test
	void failureAnalyzerIsRegisteredWithSpringBoot() {
		// Other analyzers want constructor arguments; skip them, ours needs none.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (type, name, failure) -> {
			})).hasAtLeastOneElementOfType(InvalidConfigurationFailureAnalyzer.class);
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String source, String problem,
			String action) {
		return FailureReports.failsWith("rate limit", source, problem, action);
	}

	static class UnknownLimit {

		@RateLimited("serach")
		void call() {
		}

	}

	static class BadKey {

		@RateLimited(name = "search", key = "#user.")
		void call(String user) {
		}

	}

	static class NoName {

		@RateLimited
		void call() {
		}

	}

	static class BadInline {

		@RateLimited(rate = "5", warmup = "soon")
		void call() {
		}

	}

	static class BadPermits {

		@RateLimited(name = "search", permits = 0)
		void call() {
		}

	}

	static class OwnFuture {

		@RateLimited("search")
		Result call() {
			return new Result();
		}

		static class Result extends CompletableFuture<String> {

		}

	}

	static class InlineNamedLikeConfigured {

		@RateLimited(name = "search", rate = "5")
		void call() {
		}

	}

}
