package dev.limiter.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.redis.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Redis limits through {@code @RateLimited} on a real Redis: several limits of one call
 * decided in one round trip, all or nothing, and two instances under concurrent load
 * admitting one limit's worth together. Rates are one call in 1,000 s, so that the
 * outcome does not depend on Redis's clock.
 *
 * @author The limiter authors
 */
class RedisCompositionTests {

	@RegisterExtension
	static final RealRedis redis = new RealRedis();

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, DataRedisAutoConfiguration.class,
					LimiterAutoConfiguration.class, RateLimitRedisAutoConfiguration.class,
					RateLimitAutoConfiguration.class))
			.withBean(Reports.class)
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"limiter.rate-limit-defaults.store=redis", "limiter.rate-limits.daily.rate=0.001",
					"limiter.rate-limits.hourly.rate=0.001", "limiter.rate-limits.other.rate=0.001",
					"limiter.rate-limits.yearly.rate=0.0001")
			.withPropertyValues(properties);
	}

	@AfterEach
	void emptyRedis() {
		redis.template().delete(redis.template().keys("limiter:*"));
	}

	@Test
	void callUnderTwoRedisLimitsIsDecidedInOneRoundTrip() {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			// the first call to a fresh Redis loads the script: EVALSHA, NOSCRIPT, EVAL
			reports.underOther();
			long before = redis.scriptCalls();
			reports.underBoth();
			assertThat(redis.scriptCalls() - before).as("round trips of an admitted call").isEqualTo(1);
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(reports::underBoth)
				.satisfies((ex) -> assertThat(ex.getViolations())
					.extracting(RateLimitExceededException.Violation::limitName)
					.containsExactly("daily", "hourly"));
			assertThat(redis.scriptCalls() - before).as("and of a rejected one").isEqualTo(2);
		});
	}

	@Test
	void callRejectedByOneRedisLimitTakesNothingFromTheOther() {
		runner().run((context) -> {
			Reports reports = context.getBean(Reports.class);
			reports.underHourly();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(reports::underBoth)
				.satisfies((ex) -> assertThat(ex.getViolations())
					.extracting(RateLimitExceededException.Violation::limitName)
					.containsExactly("hourly"));
			// the daily limit gave nothing to the rejected call
			reports.underDaily();
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "memory", "redis" })
	void callRejectedWhileARejectionIsRepeatedLocallyNamesEveryRejectingLimitAsInMemory(String store) {
		runner("limiter.rate-limit-defaults.store=" + store).run((context) -> {
			Reports reports = context.getBean(Reports.class);
			reports.underDaily();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(reports::underDaily);
			reports.underYearly();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(reports::underDailyAndYearly)
				.satisfies((ex) -> {
					assertThat(ex.getViolations()).extracting(RateLimitExceededException.Violation::limitName)
						.containsExactly("daily", "yearly");
					assertThat(ex.getRetryAfter()).isGreaterThan(Duration.ofSeconds(9000));
				});
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "limiter.rate-limits.daily.max-burst=0s", "limiter.rate-limits.daily.warmup=10s" })
	void twoInstancesUnderConcurrentLoadAdmitOneLimitsWorthTogether(String algorithm) {
		runner(algorithm).run((first) -> runner(algorithm).run((second) -> {
			AtomicInteger admitted = new AtomicInteger();
			List<Callable<Void>> callers = new ArrayList<>();
			for (Reports reports : List.of(first.getBean(Reports.class), second.getBean(Reports.class))) {
				for (int thread = 0; thread < 4; thread++) {
					callers.add(() -> {
						for (int call = 0; call < 50; call++) {
							try {
								reports.underDaily();
								admitted.incrementAndGet();
							}
							catch (RateLimitExceededException ex) {
								// the limit held
							}
						}
						return null;
					});
				}
			}
			ExecutorService threads = Executors.newFixedThreadPool(callers.size());
			try {
				for (Future<Void> caller : threads.invokeAll(callers)) {
					caller.get();
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(admitted).as("calls admitted by both instances together, of 400").hasValue(1);
		}));
	}

	static class Reports {

		@RateLimited("daily")
		@RateLimited("hourly")
		void underBoth() {
		}

		@RateLimited("daily")
		void underDaily() {
		}

		@RateLimited("daily")
		@RateLimited("yearly")
		void underDailyAndYearly() {
		}

		@RateLimited("yearly")
		void underYearly() {
		}

		@RateLimited("hourly")
		void underHourly() {
		}

		@RateLimited("other")
		void underOther() {
		}

	}

}
