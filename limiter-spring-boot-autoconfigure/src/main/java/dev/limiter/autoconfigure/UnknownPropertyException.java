package dev.limiter.autoconfigure;

/**
 * A key under {@code limiter.} that names no property, such as a misspelt
 * {@code limiter.rate-limits.search.max-brust}. Spring Boot would ignore it, so the limit
 * would silently run without the setting.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class UnknownPropertyException extends InvalidConfigurationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param source the unknown key as written, and where it was written
	 * @param problem what is wrong
	 * @param action how to fix it, naming the closest known key
	 */
	public UnknownPropertyException(String source, String problem, String action) {
		super(source, problem, action);
	}

	@Override
	public String getKind() {
		return "property";
	}

	@Override
	public UnknownPropertyException withSourcePrefix(String prefix) {
		return new UnknownPropertyException(prefix + getSource(), getProblem(), getAction());
	}

}
