package dev.limiter.autoconfigure.edges;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.ratelimit.RegisteredRateLimit;
import dev.limiter.core.ManualTimeSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Several limits on one call, dry runs, and what an asynchronous method is told when it
 * is rejected before it runs.
 *
 * @author The limiter authors
 */
class CompositionEdgeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
				RateLimitAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withBean(Service.class)
		.withPropertyValues("limiter.rate-limit-defaults.max-burst=0s", "limiter.rate-limits.second.rate=1",
				"limiter.rate-limits.day.rate=0.0000115740740740", "limiter.rate-limits.every5s.rate=0.2",
				"limiter.rate-limits.every5s.timeout=10s", "limiter.rate-limits.paced.rate=1",
				"limiter.rate-limits.paced.timeout=10s", "limiter.rate-limits.trial.rate=1",
				"limiter.rate-limits.trial.timeout=10s", "limiter.rate-limits.trial.dry-run=true");

	@Test
	void callRejectedBySeveralLimitsNamesEveryOneAndTheLongestWait() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			service.perSecondAndPerDay();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(service::perSecondAndPerDay)
				.satisfies((ex) -> {
					assertThat(ex.getViolations()).extracting(RateLimitExceededException.Violation::limitName)
						.containsExactly("second", "day");
					// one a day: 86,400 s, not the per-second limit's 1 s
					assertThat(ex.getRetryAfter()).isBetween(Duration.ofSeconds(86_399), Duration.ofSeconds(86_401));
					assertThat(ex.getLimitName()).isEqualTo("day");
				});
		});
	}

	@Test
	void everyLimitsSpacingHoldsWhenTheMethodRuns() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			// another method has used up "paced" for 4 s
			service.pacedOnly(4);
			service.every5sAndPaced();
			time.advance(Duration.ofSeconds(1));
			service.every5sAndPaced();
			// The first call ran at 4 s, waiting for "paced"; had "every5s" been charged
			// at 0 s, the second would run at 5 s, 1 s after the first.
			List<Long> ranAt = service.ranAt();
			assertThat(ranAt).hasSize(2);
			assertThat(ranAt.get(1) - ranAt.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(5).toNanos());
		});
	}

	@Test
	void dryRunLimitNeverMakesACallWaitAndCountsTheWaitItWouldHaveCaused() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			service.trial();
			service.trial();
			assertThat(time.takeSleeps()).isEmpty();
			RegisteredRateLimit trial = context.getBean(RateLimitRegistry.class).find("trial");
			assertThat(trial.dryRunWaits()).isEqualTo(1);
			assertThat(trial.permitted()).isEqualTo(2);
		});
	}

	@Test
	void asyncMethodGetsEveryFailureBeforeItRunsThroughItsStage() {
		this.runner.run((context) -> {
			Service service = context.getBean(Service.class);
			CompletableFuture<String> nullKey = service.asyncKeyed(null);
			assertThat(nullKey).failsWithin(Duration.ZERO)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(IllegalStateException.class)
				.withMessageContaining("evaluated to null");
		});
	}

	static class Service {

		private final List<Long> ranAt = new ArrayList<>();

		private final ManualTimeSource time;

		Service(ManualTimeSource time) {
			this.time = time;
		}

		List<Long> ranAt() {
			return this.ranAt;
		}

		@RateLimited("second")
		@RateLimited("day")
		void perSecondAndPerDay() {
		}

		@RateLimited(name = "paced", permits = 4)
		void pacedOnly(int reason) {
		}

		@RateLimited("every5s")
		@RateLimited("paced")
		void every5sAndPaced() {
			this.ranAt.add(this.time.nanoTime());
		}

		@RateLimited("trial")
		void trial() {
		}

		@RateLimited(name = "second", key = "#user")
		CompletableFuture<String> asyncKeyed(@Nullable String user) {
			return CompletableFuture.completedFuture("ran");
		}

	}

}
