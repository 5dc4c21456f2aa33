package dev.limiter.core;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one daemon thread on which the system {@link TimeSource} runs delayed tasks,
 * started when first used.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class DelayScheduler {

	static final ScheduledThreadPoolExecutor INSTANCE = create();

	private DelayScheduler() {
	}

	private static ScheduledThreadPoolExecutor create() {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "limiter-delay");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

}
