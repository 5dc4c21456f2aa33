package dev.limiter.core.retry;

import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetryBudget}.
 *
 * @author The limiter authors
 */
class RetryBudgetTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void retriesAddAtMostRatioTimesTheCallsPlusTheFloor() {
		RetryBudget budget = new RetryBudget(0.2, 0, this.time);
		for (int i = 0; i < 100; i++) {
			budget.recordCall();
		}
		int retries = 0;
		while (budget.tryRetry()) {
			retries++;
		}
		assertThat(retries).isEqualTo(20);
		assertThat(budget.balance()).isZero();
	}

	@Test
	void floorAllowsSomeRetriesWithoutTraffic() {
		RetryBudget budget = new RetryBudget(0.2, 1, this.time);
		int retries = 0;
		while (budget.tryRetry()) {
			retries++;
		}
		// 1 per second over the 10 s window
		assertThat(retries).isEqualTo(10);
	}

	@Test
	void creditExpiresWithTheWindow() {
		RetryBudget budget = new RetryBudget(0.5, 0, this.time);
		for (int i = 0; i < 100; i++) {
			budget.recordCall();
		}
		this.time.advance(Duration.ofSeconds(10));
		assertThat(budget.tryRetry()).isFalse();
		assertThat(budget.balance()).isZero();
	}

	@Test
	void retriesSpentAreRememberedForTheWindow() {
		RetryBudget budget = new RetryBudget(1, 0, this.time);
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
		this.time.advance(Duration.ofSeconds(5));
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();
		// the first call and its retry leave the window
		this.time.advance(Duration.ofSeconds(5));
		assertThat(budget.tryRetry()).isFalse();
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
	}

	@Test
	void badValuesAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(-0.1, 0, this.time))
			.withMessage("ratio (-0.1) must be a finite number of 0 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0.1, Double.NaN, this.time))
			.withMessage("minPerSecond (NaN) must be a finite number of 0 or more");
	}

}
