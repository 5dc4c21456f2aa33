package dev.limiter.autoconfigure.retry;

/**
 * How a call under a retry policy ended.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public enum RetryOutcome {

	/** The first attempt succeeded. */
	SUCCEEDED_WITHOUT_RETRY,

	/** An attempt after one or more retries succeeded. */
	SUCCEEDED_AFTER_RETRIES,

	/**
	 * The first attempt failed and was not retried: not retryable, or only one attempt
	 * allowed.
	 */
	FAILED_WITHOUT_RETRY,

	/**
	 * Every attempt allowed was made, and the last failed (or the failure was not
	 * retryable).
	 */
	FAILED_AFTER_RETRIES,

	/** A retry was wanted but the retry budget was empty. */
	BUDGET_EXHAUSTED,

	/**
	 * A failure asked to be retried later than {@code max-retry-after} allows, so no
	 * retry was made: one within the maximum would certainly have failed again (a daily
	 * quota does not reset in 30 s). No retry budget was spent.
	 */
	RETRY_AFTER_TOO_LONG

}
