package dev.limiter.autoconfigure.actuate;

import java.time.Duration;
import java.util.Map;

import dev.limiter.autoconfigure.actuate.RateLimitsEndpoint.RateLimitDescriptor;
import dev.limiter.autoconfigure.ratelimit.RateLimitProperties;
import dev.limiter.autoconfigure.ratelimit.RateLimitRegistry;
import dev.limiter.autoconfigure.ratelimit.RegisteredRateLimit;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.WarmupPhase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RateLimitsEndpoint} over real limiters on a manual clock.
 *
 * @author The limiter authors
 */
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

	private static RateLimitProperties limit(double rate, Duration warmup) {
		RateLimitProperties properties = new RateLimitProperties();
		properties.setRate(rate);
		properties.setWarmup(warmup);
		return properties;
	}

}
