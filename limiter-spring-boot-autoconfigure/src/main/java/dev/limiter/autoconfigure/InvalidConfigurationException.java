package dev.limiter.autoconfigure;

/**
 * A rate limit or retry policy that cannot work as configured: a bad value in
 * {@code application.yml}, or an annotation that names something unknown, holds an
 * invalid expression or contradicts itself. Thrown at startup, never on a call;
 * {@link InvalidConfigurationFailureAnalyzer} turns it into a report that says where the
 * problem is and how to fix it.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public abstract class InvalidConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String source;

	private final String problem;

	private final String action;

	/**
	 * Creates an exception.
	 * @param source where the problem is, such as {@code limiter.rate-limits.search.rate}
	 * or {@code @RateLimited on SearchController.search(String)}
	 * @param problem what is wrong, naming the bad value
	 * @param action how to fix it, naming what is allowed
	 */
	protected InvalidConfigurationException(String source, String problem, String action) {
		super(source + ": " + problem + ". " + action);
		this.source = source;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Returns what was invalid, for the report's first words: "rate limit", "retry
	 * policy".
	 * @return the kind of thing that is invalid
	 */
	public abstract String getKind();

	/**
	 * Returns a copy of this exception whose source is prefixed, such as with the bean's
	 * name.
	 * @param prefix what to put before the source
	 * @return the copy
	 */
	public abstract InvalidConfigurationException withSourcePrefix(String prefix);

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
