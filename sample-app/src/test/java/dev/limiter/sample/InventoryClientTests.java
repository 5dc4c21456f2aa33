package dev.limiter.sample;

import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's flaky downstream, called over real HTTP on a random port: the call
 * succeeds through retries, each waiting the downstream's {@code Retry-After} (on a
 * manual clock, so instantly).
 *
 * @author The limiter authors
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InventoryClientTests {

	@Autowired
	private InventoryClient inventory;

	@Autowired
	private ManualTimeSource time;

	@Test
	void flakyDownstreamCallSucceedsThroughRetriesWaitingItsRetryAfter() {
		assertThat(this.inventory.stock()).isEqualTo("in stock: 17");
		// Two 503s with Retry-After: 1, longer than the 200 ms and 400 ms back-off.
		assertThat(this.time.takeSleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ManualTime {

		@Bean
		ManualTimeSource manualTimeSource() {
			return new ManualTimeSource();
		}

	}

}
