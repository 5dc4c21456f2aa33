package dev.limiter.autoconfigure.ratelimit;

/**
 * A rate limit that cannot work as configured: a bad value in {@code application.yml}, or a
 * {@code @RateLimited} annotation that names an unknown limit, holds an invalid key expression or
 * contradicts itself. Thrown at startup, never on a call; {@code InvalidRateLimitFailureAnalyzer}
 * turns it into a report that says where the problem is and how to fix it.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class InvalidRateLimitException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String source;

	private final String problem;

	private final String action;

	/**
	 * Creates an exception.
	 * @param source where the problem is, such as {@code limiter.rate-limits.search.rate} or
	 * {@code @RateLimited on SearchController.search(String)}
	 * @param problem what is wrong, naming the bad value
	 * @param action how to fix it, naming what is allowed
	 */
	public InvalidRateLimitException(String source, String problem, String action) {
		super(source + ": " + problem + ". " + action);
		this.source = source;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Returns where the problem is.
	 * @return the property or annotated method
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * Returns what is wrong.
	 * @return the problem, naming the bad value
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Returns how to fix it.
	 * @return the fix, naming what is allowed
	 */
	public String getAction() {
		return this.action;
	}

}
