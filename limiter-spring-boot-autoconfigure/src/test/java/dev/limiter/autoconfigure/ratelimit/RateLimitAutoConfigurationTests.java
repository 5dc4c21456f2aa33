package dev.limiter.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RateLimitAutoConfiguration}: its conditions, and {@code @RateLimited}
 * on real proxied beans over a {@link ManualTimeSource}.
 *
 * @author The limiter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LimiterAutoConfiguration.class, AopAutoConfiguration.class,
				RateLimitAutoConfiguration.class))
		.withBean(ManualTimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.rate-limits.search.rate=2", "limiter.rate-limits.perDay.rate=0.01",
				"limiter.rate-limits.perDay.max-burst=0s", "inline.rate=1");

	@Test
	void defaultsRegisterTheLimitsTheAdvisorAndASystemClock() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RateLimitRegistry.class)
					.hasBean("rateLimitAdvisor")
					.hasSingleBean(RateLimitedMethodResolver.class);
				assertThat(context.getBean(TimeSource.class)).isSameAs(TimeSource.system());
			});
	}

	@Test
	void propertyTurnsRateLimitingOff() {
		this.runner.withPropertyValues("limiter.rate-limit.enabled=false")
			.withUserConfiguration(SearchServiceConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RateLimitRegistry.class).doesNotHaveBean("rateLimitAdvisor");
				SearchService search = context.getBean(SearchService.class);
				for (int i = 0; i < 5; i++) {
					search.search("q");
				}
			});
	}

	@Test
	void userDefinedBeansWin() {
		RateLimitRegistry own = new RateLimitRegistry(java.util.Map.of(), new RateLimitProperties(),
				TimeSource.system());
		this.runner.withBean("myRegistry", RateLimitRegistry.class, () -> own).run((context) -> {
			assertThat(context).getBean(RateLimitRegistry.class).isSameAs(own);
			assertThat(context).getBean(TimeSource.class).isInstanceOf(ManualTimeSource.class);
		});
	}

	@Test
	void namedLimitRejectsWithTheExactWait() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			assertThat(search.search("a")).isEqualTo("found a");
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> search.search("b"))
				.satisfies((ex) -> {
					assertThat(ex.getLimitName()).isEqualTo("search");
					assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMillis(500));
					assertThat(ex.getPermits()).isEqualTo(1);
				});
			context.getBean(ManualTimeSource.class).advance(Duration.ofMillis(500));
			assertThat(search.search("c")).isEqualTo("found c");
		});
	}

	@Test
	void timeoutPacesCallsByWaitingExactly() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			search.paced();
			search.paced();
			search.paced();
			assertThat(time.takeSleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
		});
	}

	@Test
	void timeoutLongerThanTheClockCanCountWaitsInsteadOfFailing() {
		this.runner.withPropertyValues("limiter.rate-limits.search.timeout=400000d")
			.withUserConfiguration(SearchServiceConfiguration.class)
			.run((context) -> {
				SearchService search = context.getBean(SearchService.class);
				search.search("a");
				search.search("b");
				assertThat(context.getBean(ManualTimeSource.class).takeSleeps())
					.containsExactly(Duration.ofMillis(500));
			});
	}

	@Test
	void permitsAreWhatACallCosts() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			search.report();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(search::report)
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMillis(2500)));
		});
	}

	@Test
	void eachKeyHasItsOwnLimit() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			search.perUser("alice");
			search.perUser("bob");
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> search.perUser("alice"));
		});
	}

	@Test
	void keyExpressionCanCallBeans() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class)
			.withBean("tenants", Tenants.class, Tenants::new)
			.run((context) -> {
				SearchService search = context.getBean(SearchService.class);
				// tenant a
				search.perTenant("alice");
				// tenant b
				search.perTenant("bob");
				assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> search.perTenant("anna"));
			});
	}

	@Test
	void keyThatEvaluatesToNullIsAnErrorNotASharedBucket() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			assertThatIllegalStateException().isThrownBy(() -> search.perUser(null))
				.withMessageContaining("@RateLimited on RateLimitAutoConfigurationTests.SearchService.perUser(String)")
				.withMessageContaining("key expression '#user' of rate limit 'search' evaluated to null");
		});
	}

	@Test
	void callRejectedByOneLimitTakesNothingFromTheOthers() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			RateLimitRegistry registry = context.getBean(RateLimitRegistry.class);
			// takes the only permit of perDay for 100 s
			search.twoLimits();
			context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(1));
			long searchOwedBefore = registry.find("search").shared().queryWaitNanos(1);
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(search::twoLimits)
				.satisfies((ex) -> assertThat(ex.getLimitName()).isEqualTo("perDay"));
			assertThat(registry.find("search").shared().queryWaitNanos(1)).isEqualTo(searchOwedBefore).isZero();
			assertThat(search.search("still free")).isEqualTo("found still free");
		});
	}

	@Test
	void inlineLimitResolvesPlaceholdersAndIsNamedAfterItsMethod() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			search.inline();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(search::inline).satisfies((ex) -> {
				assertThat(ex.getLimitName()).isEqualTo("RateLimitAutoConfigurationTests.SearchService.inline");
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(1));
			});
		});
	}

	@Test
	void dryRunLimitCountsWhatItWouldRejectAndRejectsNothing() {
		this.runner.withPropertyValues("limiter.rate-limits.search.dry-run=true")
			.withUserConfiguration(SearchServiceConfiguration.class)
			.run((context) -> {
				SearchService search = context.getBean(SearchService.class);
				for (int i = 0; i < 4; i++) {
					search.search("q");
				}
				assertThat(context.getBean(RateLimitRegistry.class).find("search").dryRunRejections()).isEqualTo(3);
			});
	}

	@Test
	void dryRunRejectionsAreLoggedAtMostOnceEveryTenSecondsSayingHowManyWereLeftOut(CapturedOutput output) {
		this.runner.withPropertyValues("limiter.rate-limits.search.dry-run=true")
			.withUserConfiguration(SearchServiceConfiguration.class)
			.run((context) -> {
				SearchService search = context.getBean(SearchService.class);
				for (int i = 0; i < 4; i++) {
					search.search("q");
				}
				assertThat(dryRunLines(output)).hasSize(1);
				context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(10));
				for (int i = 0; i < 10; i++) {
					search.search("q");
				}
				assertThat(dryRunLines(output)).hasSize(2).last().asString().endsWith("(2 more lines suppressed)");
			});
	}

	private static java.util.List<String> dryRunLines(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("Dry-run rate limit 'search' would have rejected"))
			.toList();
	}

	@Test
	void classLevelLimitAppliesToEveryMethodButNotToObjectMethods() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			ClassLimited limited = context.getBean(ClassLimited.class);
			limited.one();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(limited::two);
			limited.toString();
			limited.toString();
		});
	}

	@Test
	void asyncMethodWaitsWithoutBlockingAndFailsItsFutureOnRejection() {
		this.runner.withUserConfiguration(SearchServiceConfiguration.class).run((context) -> {
			SearchService search = context.getBean(SearchService.class);
			ManualTimeSource time = context.getBean(ManualTimeSource.class);
			assertThat(search.async("a")).isCompletedWithValue("a");
			// Waits 0.5 s on the delayed executor (which a ManualTimeSource runs at
			// once), not in a sleep, then runs on the executor's thread.
			assertThat(search.async("b")).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("b");
			assertThat(time.takeSleeps()).containsExactly(Duration.ofMillis(500));
			time.advance(Duration.ofMillis(500));
			search.asyncNoWait("c");
			assertThat(search.asyncNoWait("d")).isCompletedExceptionally()
				.failsWithin(Duration.ZERO)
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.withCauseInstanceOf(RateLimitExceededException.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class SearchServiceConfiguration {

		@Bean
		SearchService searchService() {
			return new SearchService();
		}

		@Bean
		ClassLimited classLimited() {
			return new ClassLimited();
		}

	}

	static class SearchService {

		@RateLimited("search")
		String search(String query) {
			return "found " + query;
		}

		@RateLimited(name = "search", timeout = "1s")
		void paced() {
		}

		@RateLimited(name = "search", permits = 5)
		void report() {
		}

		@RateLimited(name = "search", key = "#user")
		void perUser(String user) {
		}

		@RateLimited("search")
		@RateLimited("perDay")
		void twoLimits() {
		}

		@RateLimited(name = "search", key = "@tenants.of(#user)")
		void perTenant(String user) {
		}

		@RateLimited(rate = "${inline.rate}")
		void inline() {
		}

		@RateLimited(name = "search", timeout = "1s")
		CompletableFuture<String> async(String value) {
			return CompletableFuture.completedFuture(value);
		}

		@RateLimited(name = "search")
		CompletableFuture<String> asyncNoWait(String value) {
			return CompletableFuture.completedFuture(value);
		}

	}

	static class Tenants {

		public String of(String user) {
			return user.substring(0, 1);
		}

	}

	@RateLimited(rate = "1", name = "classLimited")
	static class ClassLimited {

		void one() {
		}

		void two() {
		}

	}

}
