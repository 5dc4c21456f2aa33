package dev.limiter.autoconfigure.concurrency;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.limiter.autoconfigure.FailureReports;
import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import dev.limiter.core.concurrency.SlotUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code @ConcurrencyLimited(key = …)}, dry run and adaptive caps through the
 * auto-configuration: one cap per client, held across a hop to a real other thread; waits
 * timed; bad keys and values reported.
 *
 * @author The limiter authors
 */
class ConcurrencyLimitedPerClientTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, LimiterAutoConfiguration.class,
					RateLimitAutoConfiguration.class, ConcurrencyLimitAutoConfiguration.class))
			.withBean(TimeSource.class, () -> this.time)
			.withBean(Uploads.class)
			.withPropertyValues("limiter.concurrency-limits.uploads.max-concurrent=1",
					"limiter.concurrency-limits.uploads.timeout=100ms",
					"limiter.concurrency-limits.trial.max-concurrent=1",
					"limiter.concurrency-limits.trial.dry-run=true");
	}

	@Test
	void eachClientHasItsOwnCapAndAFullOneIsPerClient() {
		runner().run((context) -> {
			Uploads uploads = context.getBean(Uploads.class);
			CompletableFuture<String> alicesUpload = new CompletableFuture<>();
			CompletableFuture<String> first = uploads.upload("alice", alicesUpload);
			assertThat(uploads.upload("bob", CompletableFuture.completedFuture("bob's"))).isCompletedWithValue("bob's");
			CompletableFuture<String> second = uploads.upload("alice", CompletableFuture.completedFuture("again"));
			assertThat(second).as("waits for alice's own slot").isNotDone();
			this.time.advance(Duration.ofMillis(100));
			assertThat(second).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.havingCause()
				.isInstanceOfSatisfying(ConcurrencyLimitExceededException.class, (ex) -> {
					assertThat(ex.isPerClient()).isTrue();
					assertThat(ex.getReason()).isEqualTo(SlotUnavailableException.Reason.TIMED_OUT);
					assertThat(ex).hasMessageContaining("'uploads' for this client");
				});
			Thread completer = new Thread(() -> alicesUpload.complete("alice's"));
			completer.start();
			completer.join();
			assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("alice's");
			RegisteredConcurrencyLimit limit = context.getBean(ConcurrencyLimitRegistry.class).find("uploads");
			assertThat(limit.findKey("alice").inFlight()).as("released on the completing thread").isZero();
			assertThat(limit.keys()).isEqualTo(2);
			assertThat(limit.limiter().inFlight()).as("the shared cap was never used").isZero();
		});
	}

	@Test
	void aWaitThatEndsWithASlotIsTimed() {
		runner().run((context) -> {
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBean(ConcurrencyLimitMetrics.class).bindTo(meters);
			Uploads uploads = context.getBean(Uploads.class);
			CompletableFuture<String> running = new CompletableFuture<>();
			uploads.upload("alice", running);
			CompletableFuture<String> waiting = uploads.upload("alice", CompletableFuture.completedFuture("next"));
			this.time.advance(Duration.ofMillis(30));
			running.complete("done");
			assertThat(waiting).succeedsWithin(Duration.ofSeconds(10));
			assertThat(meters.get("limiter.concurrency.wait").tag("name", "uploads").functionTimer().count()).isOne();
			assertThat(meters.get("limiter.concurrency.wait")
				.tag("name", "uploads")
				.functionTimer()
				.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(30);
		});
	}

	@Test
	void aNullKeyIsAnErrorNotASharedCap() {
		runner().run((context) -> {
			Uploads uploads = context.getBean(Uploads.class);
			assertThatIllegalStateException().isThrownBy(() -> uploads.blocking(null))
				.withMessageContaining("key expression '#client' of concurrency limit 'uploads' evaluated to null");
			assertThat(uploads.upload(null, CompletableFuture.completedFuture("x"))).isCompletedExceptionally();
		});
	}

	@Test
	void aDryRunCapLetsACallWithoutASlotRunAndCountsIt() {
		runner().run((context) -> {
			Uploads uploads = context.getBean(Uploads.class);
			CompletableFuture<String> holding = uploads.trial(new CompletableFuture<>());
			assertThat(uploads.trial(CompletableFuture.completedFuture("ran"))).isCompletedWithValue("ran");
			RegisteredConcurrencyLimit trial = context.getBean(ConcurrencyLimitRegistry.class).find("trial");
			assertThat(trial.dryRunUnavailable()).isOne();
			assertThat(trial.rejected()).isZero();
			assertThat(trial.limiter().inFlight()).as("the first call still holds its slot").isOne();
			holding.toCompletableFuture().complete("done");
			assertThat(trial.limiter().inFlight()).isZero();
		});
	}

	@Test
	void anAdaptiveCapStartsAtItsMinimumAndRefusesALiveChange() {
		runner()
			.withPropertyValues("limiter.concurrency-limits.elastic.adaptive=true",
					"limiter.concurrency-limits.elastic.min-concurrent=3",
					"limiter.concurrency-limits.elastic.max-concurrent=50")
			.run((context) -> {
				RegisteredConcurrencyLimit elastic = context.getBean(ConcurrencyLimitRegistry.class).find("elastic");
				assertThat(elastic.maxConcurrent()).isEqualTo(3);
				assertThatIllegalStateException().isThrownBy(() -> elastic.setMaxConcurrent(10))
					.withMessageContaining("adaptive");
			});
	}

	@Test
	void badPerClientAndAdaptiveValuesFailStartupNamingTheProperty() {
		runner().withPropertyValues("limiter.concurrency-limits.uploads.max-keys=0")
			.run(FailureReports.failsWith("concurrency limit", "limiter.concurrency-limits.uploads.max-keys",
					"the value 0 is not allowed", "Use 1 or more."));
		runner().withPropertyValues("limiter.concurrency-limits.uploads.key-idle-expiry=0s")
			.run(FailureReports.failsWith("concurrency limit", "limiter.concurrency-limits.uploads.key-idle-expiry",
					"the value PT0S is not allowed", "Use a positive duration."));
		runner().withPropertyValues("limiter.concurrency-limits.uploads.min-concurrent=1")
			.run(FailureReports.failsWith("concurrency limit", "limiter.concurrency-limits.uploads.min-concurrent",
					"min-concurrent (1) is set on a limit that is not adaptive",
					"Set adaptive: true as well to let the cap follow latency, or remove min-concurrent."));
		runner()
			.withPropertyValues("limiter.concurrency-limits.uploads.adaptive=true",
					"limiter.concurrency-limits.uploads.min-concurrent=5")
			.run(FailureReports.failsWith("concurrency limit", "limiter.concurrency-limits.uploads.min-concurrent",
					"the value 5 is not allowed", "Use 1 to max-concurrent (1)."));
	}

	@Test
	void anInvalidKeyExpressionFailsStartupNamingTheAttribute() {
		runner().withBean(BadKey.class)
			.run(FailureReports.failsWith("concurrency limit",
					"Bean 'concurrencyLimitedPerClientTests.BadKey', @ConcurrencyLimited on ConcurrencyLimitedPerClientTests.BadKey.call(String), attribute key",
					"the key expression '#client +' is not valid SpEL (Expression [#client +] @8: EL1042E: Problem parsing right operand)",
					"Fix the expression, e.g. key = \"#request.remoteAddr\" or key = \"#userId\"."));
	}

	@Test
	void aBlockingPerClientCallIsRejectedWhenItsClientIsFull() {
		runner().withPropertyValues("limiter.concurrency-limits.uploads.timeout=0s").run((context) -> {
			Uploads uploads = context.getBean(Uploads.class);
			CompletableFuture<String> running = new CompletableFuture<>();
			uploads.upload("alice", running);
			assertThatExceptionOfType(ConcurrencyLimitExceededException.class)
				.isThrownBy(() -> uploads.blocking("alice"))
				.satisfies((ex) -> assertThat(ex.isPerClient()).isTrue());
			uploads.blocking("bob");
			running.complete("done");
			uploads.blocking("alice");
		});
	}

	/**
	 * Through a JDK proxy the key expression sees the annotated implementation's
	 * parameter names, as {@code @RateLimited}'s does (before: the interface's, so
	 * {@code #client} was null and every call failed). Found by review.
	 */
	@Test
	void aKeyExpressionSeesTheImplementationsParameterNamesThroughAJdkProxy() {
		runner().withPropertyValues("spring.aop.proxy-target-class=false", "limiter.rate-limits.per-client.rate=100")
			.withBean(Api.class, ApiImpl::new)
			.run((context) -> {
				Api api = context.getBean(Api.class);
				assertThat(AopUtils.isJdkDynamicProxy(api)).isTrue();
				assertThat(api.rateLimited("alice")).isEqualTo("alice");
				assertThat(api.concurrencyLimited("alice")).isEqualTo("alice");
			});
	}

	/**
	 * A dry-run cap changes nothing a caller sees: an asynchronous method that throws
	 * reaches its caller as a failed stage with or without a free slot (before: thrown at
	 * the caller when none was free). Found by review.
	 */
	@Test
	void aDryRunCapDeliversAnAsyncOutcomeTheSameWayWithOrWithoutAFreeSlot() {
		runner().run((context) -> {
			Uploads uploads = context.getBean(Uploads.class);
			assertThat(uploads.trialThrowing()).as("with a free slot").isCompletedExceptionally();
			CompletableFuture<String> holding = uploads.trial(new CompletableFuture<>());
			assertThat(uploads.trialThrowing()).as("without").isCompletedExceptionally();
			assertThat(uploads.trialReturningNull()).as("null, without a free slot").isCompletedWithValue(null);
			holding.complete("done");
		});
	}

	static class Uploads {

		@ConcurrencyLimited(name = "uploads", key = "#client")
		CompletableFuture<String> upload(String client, CompletableFuture<String> result) {
			return result;
		}

		@ConcurrencyLimited(name = "uploads", key = "#client")
		void blocking(String client) {
		}

		@ConcurrencyLimited("trial")
		CompletableFuture<String> trial(CompletableFuture<String> result) {
			return result;
		}

		@ConcurrencyLimited("trial")
		CompletableFuture<String> trialThrowing() {
			throw new IllegalStateException("failed before returning a stage");
		}

		@ConcurrencyLimited("trial")
		CompletableFuture<String> trialReturningNull() {
			return null;
		}

	}

	interface Api {

		String rateLimited(String id);

		String concurrencyLimited(String id);

	}

	static class ApiImpl implements Api {

		@Override
		@RateLimited(name = "per-client", key = "#client")
		public String rateLimited(String client) {
			return client;
		}

		@Override
		@ConcurrencyLimited(name = "uploads", key = "#client")
		public String concurrencyLimited(String client) {
			return client;
		}

	}

	static class BadKey {

		@ConcurrencyLimited(name = "uploads", key = "#client +")
		void call(String client) {
		}

	}

}
