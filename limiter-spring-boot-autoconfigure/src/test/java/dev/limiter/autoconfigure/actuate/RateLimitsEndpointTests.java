package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.limiter.autoconfigure.actuate.RateLimitsEndpoint.RateLimitDescriptor;
import dev.limiter.autoconfigure.ratelimit.RateLimitProperties;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RegisteredRateLimit;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.WarmupPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RateLimitsEndpoint} over real limiters on a manual clock.
 *
 * @author The limiter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitsEndpointTests {

	private final ManualTimeSource time = new ManualTimeSource();

	private final RateLimitRegistry registry = new RateLimitRegistry(
			Map.of("search", limit(2.0, Duration.ofSeconds(4)), "api", limit(10.0, null)), new RateLimitProperties(),
			this.time);

	private final RateLimitsEndpoint endpoint = new RateLimitsEndpoint(this.registry);

	@Test
	void listsEveryLimitWithItsConfigurationAndLiveState() {
		Map<String, RateLimitDescriptor> limits = this.endpoint.rateLimits().limits();
		assertThat(limits).containsOnlyKeys("api", "search");
		RateLimitDescriptor search = limits.get("search");
		assertThat(search.config().algorithm()).isEqualTo("warming-up");
		assertThat(search.config().rate()).isEqualTo(2.0);
		assertThat(search.config().warmup()).isEqualTo(Duration.ofSeconds(4));
		assertThat(search.config().coldFactor()).isEqualTo(3.0);
		assertThat(search.config().store()).isEqualTo("memory");
		// A cold limit: its next permit costs 1.375 s, not the stable 0.5 s.
		assertThat(search.state().phase()).isEqualTo(WarmupPhase.COLD);
		assertThat(search.state().nextPermitInterval()).isEqualTo(Duration.ofMillis(1375));
		assertThat(limits.get("api").config().maxBurst()).isEqualTo(Duration.ofSeconds(1));
		assertThat(search.keys()).isNull();
	}

	@Test
	void showsOneKeysStateAndHowManyKeysAreLive() {
		RegisteredRateLimit api = this.registry.find("api");
		api.forKey(42L).reserveNanos(3);
		api.forKey("10.0.0.1").reserveNanos(1);
		RateLimitDescriptor byKey = this.endpoint.rateLimit("api", "42");
		assertThat(byKey.key()).isEqualTo("42");
		assertThat(byKey.state().nextFreeIn()).isEqualTo(Duration.ofMillis(300));
		assertThat(byKey.keys().live()).isEqualTo(2);
		assertThat(this.endpoint.rateLimit("api", "10.0.0.9")).isNull();
		assertThat(this.endpoint.rateLimit("nope", null)).isNull();
	}

	@Test
	void rateChangeAppliesToTheNextCallsAndEveryKey() {
		RegisteredRateLimit api = this.registry.find("api");
		api.forKey("k").tryAcquire();
		RateLimitDescriptor changed = this.endpoint.setRate("api", 1.0);
		assertThat(changed.config().rate()).isEqualTo(1.0);
		assertThat(api.shared().tryAcquire()).isTrue();
		assertThat(api.shared().queryWaitNanos(1)).isEqualTo(1_000_000_000L);
		// pays what "k" owed at 10/s
		this.time.advance(Duration.ofMillis(100));
		api.forKey("k").tryAcquire();
		assertThat(api.forKey("k").queryWaitNanos(1)).isEqualTo(1_000_000_000L);
	}

	@Test
	void invalidRateIsRefusedNamingTheValueAndTheOldRateStays() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.setRate("api", -5))
			.withMessageContaining("Rate limit 'api' was not changed: permitsPerSecond (-5.0) must be from 1.0E-9");
		assertThat(this.endpoint.rateLimit("api", null).config().rate()).isEqualTo(10.0);
		assertThat(this.endpoint.setRate("nope", 5)).isNull();
	}

	@Test
	void resetMakesAWarmLimitColdAgainAndForgetsKeys() {
		RegisteredRateLimit search = this.registry.find("search");
		search.shared().reserveNanos(6);
		search.forKey("k").reserveNanos(1);
		assertThat(this.endpoint.rateLimit("search", null).state().phase()).isEqualTo(WarmupPhase.WARM);
		assertThat(this.endpoint.reset("search", "k")).isNotNull();
		assertThat(search.keyed().find("k")).isNull();
		assertThat(this.endpoint.reset("search", "k")).isNull();
		RateLimitDescriptor reset = this.endpoint.reset("search", null);
		assertThat(reset.state().phase()).isEqualTo(WarmupPhase.COLD);
		assertThat(reset.state().nextFreeIn()).isZero();
	}

	@Test
	void refusedChangesAreLoggedAtMostOncePerLimitEveryTenSecondsSayingHowManyWereSuppressed(CapturedOutput output) {
		for (int i = 0; i < 1000; i++) {
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> this.endpoint.setRate("api", -1));
		}
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.setRate("search", -1));
		assertThat(lines(output, "Rate limit 'api' was not changed")).hasSize(1);
		assertThat(lines(output, "Rate limit 'search' was not changed")).as("throttled per limit").hasSize(1);
		this.time.advance(Duration.ofSeconds(10));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.setRate("api", -1));
		assertThat(lines(output, "Rate limit 'api' was not changed")).hasSize(2)
			.last()
			.asString()
			.contains("WARN")
			.endsWith("(999 more lines suppressed)");
	}

	@Test
	void keyResetLogsTheKeyOnlyAtDebug(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		RegisteredRateLimit api = this.registry.find("api");
		api.forKey("sk_live_secret").tryAcquire();
		api.forKey("sk_live_other").tryAcquire();
		try {
			logging.setLogLevel("dev.limiter", LogLevel.INFO);
			assertThat(this.endpoint.reset("api", "sk_live_secret")).isNotNull();
			assertThat(lines(output, "Rate limit 'api' reset for one client key")).hasSize(1);
			assertThat(output).doesNotContain("sk_live_secret");
			logging.setLogLevel("dev.limiter", LogLevel.DEBUG);
			this.endpoint.reset("api", "sk_live_other");
			assertThat(lines(output, "sk_live_other")).singleElement().asString().contains("DEBUG");
		}
		finally {
			logging.setLogLevel("dev.limiter", null);
		}
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

	private static RateLimitProperties limit(double rate, Duration warmup) {
		RateLimitProperties properties = new RateLimitProperties();
		properties.setRate(rate);
		properties.setWarmup(warmup);
		return properties;
	}

}
