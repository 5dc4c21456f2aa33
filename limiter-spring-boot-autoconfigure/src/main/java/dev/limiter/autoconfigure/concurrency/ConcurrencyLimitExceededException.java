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

	private final boolean perClient;

	/**
	 * Creates an exception.
	 * @param limitName the limit
	 * @param cause why no slot could be had
	 * @param perClient whether the cap that was full is the caller's own (a {@code key}ed
	 * cap), not the one every caller shares
	 */
	public ConcurrencyLimitExceededException(String limitName, SlotUnavailableException cause, boolean perClient) {
		super("Concurrency limit '" + limitName + "'" + (perClient ? " for this client" : "") + " exceeded: "
				+ cause.getMessage(), cause, false, false);
		this.limitName = limitName;
		this.reason = cause.reason();
		this.perClient = perClient;
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

	/**
	 * Returns whether the cap that was full is the caller's own: the client has too many
	 * calls in flight ({@code 429}), rather than the service as a whole ({@code 503}).
	 * @return whether the cap is per client
	 */
	public boolean isPerClient() {
		return this.perClient;
	}

}
