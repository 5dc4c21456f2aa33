package dev.limiter.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the system {@link TimeSource}'s delayed executor.
 *
 * @author The limiter authors
 */
class SystemTimeSourceTests {

	@Test
	void delayedTasksRunOnOneSchedulerThreadNotAThreadEach() throws InterruptedException {
		int tasks = 20;
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		CountDownLatch ran = new CountDownLatch(tasks);
		for (int i = 0; i < tasks; i++) {
			TimeSource.system().delayedExecutor(0).execute(() -> {
				threads.add(Thread.currentThread());
				ran.countDown();
			});
		}
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(threads).hasSize(1).allSatisfy((thread) -> assertThat(thread.getName()).isEqualTo("limiter-delay"));
	}

}
