package dev.limiter.core;

import java.util.concurrent.TimeUnit;

/**
 * {@link TimeSource} on {@link System#nanoTime()}, counted from when this class was
 * loaded.
 *
 * <p>
 * {@code System.nanoTime()} may start anywhere, even near {@link Long#MAX_VALUE}.
 * Counting from a fixed origin keeps readings small and positive for the next 292 years,
 * so the limiters' saturating arithmetic never meets a clock that is about to wrap.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
enum SystemTimeSource implements TimeSource {

	INSTANCE;

	private static final long ORIGIN_NANOS = System.nanoTime();

	@Override
	public long nanoTime() {
		return System.nanoTime() - ORIGIN_NANOS;
	}

	@Override
	public void sleepNanos(long nanos) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(nanos);
	}

}
