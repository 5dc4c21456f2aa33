package dev.limiter.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ManualTimeSource}.
 *
 * @author The limiter authors
 */
class ManualTimeSourceTests {

	private final ManualTimeSource time = new ManualTimeSource();

	@Test
	void sleepMovesTimeOnAndIsRecordedButAdvanceIsNot() throws InterruptedException {
		this.time.advance(Duration.ofSeconds(1));
		this.time.sleepNanos(250);
		assertThat(this.time.nanoTime()).isEqualTo(1_000_000_250L);
		assertThat(this.time.takeSleeps()).containsExactly(Duration.ofNanos(250));
		assertThat(this.time.sleeps()).isEmpty();
	}

	@Test
	void delayedTaskRunsAtOnceAfterMovingTimeOnByItsDelay() {
		AtomicLong ranAt = new AtomicLong(-1);
		this.time.delayedExecutor(500).execute(() -> ranAt.set(this.time.nanoTime()));
		assertThat(ranAt).hasValue(500);
		assertThat(this.time.sleeps()).containsExactly(Duration.ofNanos(500));
	}

	@Test
	void timeNeverMovesBackwardsNorWraps() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.time.advance(Duration.ofNanos(-1)))
			.withMessage("Time can only move forward, but was asked to advance by -1 ns");
		this.time.advanceNanos(Long.MAX_VALUE);
		this.time.advanceNanos(Long.MAX_VALUE);
		assertThat(this.time.nanoTime()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void interruptedSleepPassesNoTime() {
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> this.time.sleepNanos(10));
		assertThat(this.time.nanoTime()).isZero();
		assertThat(this.time.sleeps()).isEmpty();
	}

	@Test
	void scheduledTasksRunOnceTimeReachesTheirDeadlineInOrderUnlessCancelled() {
		ManualTimeSource time = new ManualTimeSource();
		java.util.List<String> ran = new java.util.ArrayList<>();
		time.schedule(200, () -> ran.add("200"));
		time.schedule(100, () -> ran.add("100"));
		java.util.concurrent.Future<?> cancelled = time.schedule(150, () -> ran.add("150"));
		time.schedule(0, () -> ran.add("now"));
		assertThat(ran).containsExactly("now");
		cancelled.cancel(false);
		time.advanceNanos(199);
		assertThat(ran).containsExactly("now", "100");
		time.advanceNanos(1);
		assertThat(ran).containsExactly("now", "100", "200");
		assertThat(time.sleeps()).as("a deadline is not a sleep").isEmpty();
	}

}
