package dev.limiter.autoconfigure.concurrency;

import dev.limiter.core.concurrency.SlotUnavailableException;

/**
 * A call got no slot under a {@code @ConcurrencyLimited} limit and did not run. A flow
 * control signal, thrown as often as the service is overloaded, so it carries no stack
 * trace; its cause says why ({@link SlotUnavailableException#reason()}).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class ConcurrencyLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String limitName;

	private final SlotUnavailableException.Reason reason;

	/**
	 * Creates an exception.
	 * @param limitName the limit
	 * @param cause why no slot could be had
	 */
	public ConcurrencyLimitExceededException(String limitName, SlotUnavailableException cause) {
		super("Concurrency limit '" + limitName + "' exceeded: " + cause.getMessage(), cause, false, false);
		this.limitName = limitName;
		this.reason = cause.reason();
	}

	/**
	 * Returns the limit that had no slot.
	 * @return its name
	 */
	public String getLimitName() {
		return this.limitName;
	}

	/**
	 * Returns why no slot could be had.
	 * @return the reason
	 */
	public SlotUnavailableException.Reason getReason() {
		return this.reason;
	}

}
