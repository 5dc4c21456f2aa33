package dev.limiter.autoconfigure.metrics;

import java.time.Duration;
import java.util.Map;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimitProperties;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.retry.Retried;
import dev.limiter.autoconfigure.retry.RetryAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LimiterMetrics}: meters in a {@link SimpleMeterRegistry} follow real
 * calls.
 *
 * @author The limiter authors
 */
class LimiterMetricsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
				RateLimitAutoConfiguration.class, RetryAutoConfiguration.class, LimiterMetricsAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withBean(Service.class, Service::new)
		.withPropertyValues("limiter.rate-limits.search.rate=2", "limiter.rate-limits.paced.rate=2",
				"limiter.rate-limits.paced.timeout=1s", "limiter.rate-limits.trial.rate=1",
				"limiter.rate-limits.trial.dry-run=true");

	@Test
	void rateLimitCallsWaitsRateStoredPermitsAndKeysAreMetered() {
		this.runner.run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(LimiterMetrics.class).bindTo(meters);
			Service service = context.getBean(Service.class);
			service.search("alice");
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> service.search("alice"));
			service.search("bob");
			service.paced();
			service.paced();
			service.trial();
			service.trial();
			assertThat(count(meters, "limiter.ratelimit.calls", "search", "permitted")).isEqualTo(2);
			assertThat(count(meters, "limiter.ratelimit.calls", "search", "rejected")).isEqualTo(1);
			assertThat(count(meters, "limiter.ratelimit.calls", "trial", "dry_run_rejected")).isEqualTo(1);
			assertThat(meters.get("limiter.ratelimit.wait").tag("name", "paced").functionTimer().count()).isEqualTo(1);
			assertThat(meters.get("limiter.ratelimit.wait")
				.tag("name", "paced")
				.functionTimer()
				.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(500);
			assertThat(meters.get("limiter.ratelimit.keys").tag("name", "search").gauge().value()).isEqualTo(2);
			assertThat(meters.get("limiter.ratelimit.rate").tag("name", "search").gauge().value()).isEqualTo(2);
			context.getBean(RateLimitRegistry.class).find("search").setRate(5);
			assertThat(meters.get("limiter.ratelimit.rate").tag("name", "search").gauge().value()).isEqualTo(5);
			context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(10));
			assertThat(meters.get("limiter.ratelimit.stored.permits").tag("name", "paced").gauge().value())
				.isEqualTo(2);
			assertThat(meters.find("limiter.ratelimit.calls").tagKeys("key").meters()).isEmpty();
		});
	}

	@Test
	void inlineLimitsAndPoliciesRegisteredAfterBindingAreMeteredToo() {
		RateLimitRegistry registry = new RateLimitRegistry(Map.of(), new RateLimitProperties(), new ManualTimeSource());
		MeterRegistry meters = new SimpleMeterRegistry();
		new LimiterMetrics(registry, null).bindTo(meters);
		this.runner.run((context) -> {
			MeterRegistry boundEarly = new SimpleMeterRegistry();
			context.getBean(LimiterMetrics.class).bindTo(boundEarly);
			context.getBean(Service.class).inline();
			assertThat(count(boundEarly, "limiter.ratelimit.calls", "inlineLimit", "permitted")).isEqualTo(1);
		});
		assertThat(meters.getMeters()).isEmpty();
	}

	@Test
	void retryOutcomesAndAttemptsAreMetered() {
		this.runner.run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(LimiterMetrics.class).bindTo(meters);
			Service service = context.getBean(Service.class);
			service.flaky();
			assertThat(count(meters, "limiter.retry.calls", "flaky", "succeeded_after_retries")).isEqualTo(1);
			assertThat(meters.get("limiter.retry.attempts").tag("name", "flaky").functionCounter().count())
				.isEqualTo(2);
			assertThat(meters.get("limiter.retry.budget.balance").tag("name", "flaky").gauge().value()).isPositive();
		});
	}

	@Test
	void retryAfterHintLongerThanItsMaximumIsMeteredAsItsOwnOutcome() {
		this.runner.run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(LimiterMetrics.class).bindTo(meters);
			Service service = context.getBean(Service.class);
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(service::dailyQuota);
			assertThat(count(meters, "limiter.retry.calls", "dailyQuota", "retry_after_too_long")).isEqualTo(1);
			assertThat(count(meters, "limiter.retry.calls", "dailyQuota", "failed_without_retry")).isZero();
			assertThat(meters.get("limiter.retry.attempts").tag("name", "dailyQuota").functionCounter().count())
				.isEqualTo(1);
		});
	}

	@Test
	void withoutMicrometerThereAreNoMeters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class,
					LimiterMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(io.micrometer.core.instrument.binder.MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LimiterMetrics.class));
	}

	private static double count(MeterRegistry meters, String name, String limit, String outcome) {
		return meters.get(name).tag("name", limit).tag("outcome", outcome).functionCounter().count();
	}

	static class Service {

		private int flakyCalls;

		@RateLimited(name = "search", key = "#user")
		public void search(String user) {
		}

		@RateLimited("paced")
		public void paced() {
		}

		@RateLimited("trial")
		public void trial() {
		}

		@RateLimited(name = "inlineLimit", rate = "5")
		public void inline() {
		}

		/** Fails with a hint far longer than the default max-retry-after of 30 s. */
		@Retried(name = "dailyQuota", maxAttempts = "3")
		public void dailyQuota() {
			throw new RateLimitExceededException("partner", 1, Duration.ofHours(20), 1);
		}

		@Retried(name = "flaky", maxAttempts = "3")
		public void flaky() {
			if (this.flakyCalls++ == 0) {
				throw new IllegalStateException("once");
			}
		}

	}

}
