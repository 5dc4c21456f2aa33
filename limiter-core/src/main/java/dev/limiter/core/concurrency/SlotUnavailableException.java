package dev.limiter.core.concurrency;

import java.time.Duration;

/**
 * No slot of a {@link ConcurrencyLimiter} could be had: the call did not run. A flow
 * control signal, thrown as often as a service is overloaded, so it carries no stack
 * trace.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class SlotUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	/**
	 * Creates an exception.
	 * @param reason why no slot could be had
	 * @param maxConcurrent the limiter's bound, for the message
	 * @param timeout how long the call could wait, for the message
	 */
	public SlotUnavailableException(Reason reason, int maxConcurrent, Duration timeout) {
		super(message(reason, maxConcurrent, timeout), null, false, false);
		this.reason = reason;
	}

	private static String message(Reason reason, int maxConcurrent, Duration timeout) {
		return switch (reason) {
			case FULL -> "All " + maxConcurrent + " slots are taken and the call may not wait";
			case TOO_MANY_WAITING -> "All " + maxConcurrent + " slots are taken and too many calls wait already";
			case TIMED_OUT -> "No slot of " + maxConcurrent + " came free within " + timeout;
			case INTERRUPTED -> "The call was interrupted while it waited for one of " + maxConcurrent + " slots";
		};
	}

	/**
	 * Returns why no slot could be had.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a call got no slot.
	 */
	public enum Reason {

		/** Every slot was taken and the call's timeout was zero. */
		FULL,

		/** Every slot was taken and as many calls as may wait were waiting. */
		TOO_MANY_WAITING,

		/** The call waited its whole timeout. */
		TIMED_OUT,

		/**
		 * The caller's thread was interrupted while it waited (its interrupt flag is set
		 * again); {@link ConcurrencyLimiter#acquireBlocking} throws
		 * {@link InterruptedException} instead, for callers that can.
		 */
		INTERRUPTED

	}

}
