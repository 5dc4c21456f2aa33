package dev.limiter.autoconfigure;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.StringUtils;

/**
 * The {@code key} of a per-client limit ({@code @RateLimited(key = "#userId")},
 * {@code @ConcurrencyLimited(key = "#principal.name")}): a SpEL expression parsed at
 * startup, evaluated per call with the arguments by name, {@code #request} and
 * {@code #principal} in a web request, and bean references, into a key bounded in memory
 * by {@link ClientKey}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class KeyExpression {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final Expression expression;

	private KeyExpression(Expression expression) {
		this.expression = expression;
	}

	/**
	 * Parses an annotation's {@code key}.
	 * @param text the attribute; empty for a limit shared by every caller
	 * @param where the attribute, for the message
	 * @param failure makes the exception for an invalid expression
	 * @return the expression, or {@code null} if {@code text} is empty
	 * @throws InvalidConfigurationException if the expression does not parse
	 */
	public static @Nullable KeyExpression parse(String text, String where, InlineValues.Failure failure) {
		if (!StringUtils.hasText(text)) {
			return null;
		}
		try {
			return new KeyExpression(PARSER.parseExpression(text));
		}
		catch (ParseException ex) {
			throw failure.create(where, "the key expression '" + text + "' is not valid SpEL (" + ex.getMessage() + ")",
					"Fix the expression, e.g. key = \"#request.remoteAddr\" or key = \"#userId\"");
		}
	}

	/**
	 * Makes the context one call's key expressions are evaluated in; build it once per
	 * call, and only when an expression needs it.
	 * @param method the method called
	 * @param arguments its arguments
	 * @param target the object it is called on
	 * @param beans resolves bean references, if any
	 * @return the context
	 */
	public static EvaluationContext context(Method method, @Nullable Object[] arguments, @Nullable Object target,
			@Nullable BeanResolver beans) {
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(target, method, arguments,
				PARAMETER_NAMES);
		if (beans != null) {
			context.setBeanResolver(beans);
		}
		WebKeyVariables.contribute(context);
		return context;
	}

	/**
	 * Evaluates the expression for one call.
	 * @param context the call's context
	 * @param method the annotated method, for the message
	 * @param limit the limit, such as {@code rate limit 'search'}, for the message
	 * @return the value, which the limit keeps as {@link ClientKey#of(Object)} bounds it
	 * @throws IllegalStateException if the expression yields {@code null}: a null key
	 * would put every such call under one shared limit, which is not what a per-client
	 * limit promises
	 */
	public Object evaluate(EvaluationContext context, String method, String limit) {
		Object value = this.expression.getValue(context);
		if (value == null) {
			throw new IllegalStateException(method + ": the key expression '" + text() + "' of " + limit
					+ " evaluated to null. A null key would put every such call under one shared limit; make the "
					+ "expression always yield a value, e.g. with a default: (" + text() + ") ?: 'anonymous'");
		}
		return value;
	}

	/**
	 * Returns the expression as written.
	 * @return the text
	 */
	public String text() {
		return this.expression.getExpressionString();
	}

}
