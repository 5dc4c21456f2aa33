package dev.limiter.autoconfigure;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.StringUtils;

/**
 * The {@code key} of a per-client limit ({@code @RateLimited(key = "#userId")},
 * {@code @ConcurrencyLimited(key = "#principal.name")}): a SpEL expression parsed at
 * startup, evaluated per call with the arguments by name, {@code #request} and
 * {@code #principal} in a web request, and bean references, into a key bounded in memory
 * by {@link ClientKey}.
 *
 * <p>
 * An expression that is nothing but one argument by name ({@code #userId}, the commonest
 * key) is not evaluated as SpEL: the call's argument is its value, read with no context
 * built, which made such a key cost about four times an unkeyed limit (issue 12's
 * measurements). Where the context could see something else under the name (a
 * {@code #request} parameter in a web request, a method with a parameter named like the
 * context's own {@code #p0}), it is evaluated as written.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class KeyExpression {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	/**
	 * Variable names a {@link MethodBasedEvaluationContext} defines itself ({@code #p0},
	 * {@code #a0}): a parameter named like one of them may be shadowed by another's.
	 */
	private static final Pattern INDEXED_ARGUMENT = Pattern.compile("[ap]\\d+");

	/**
	 * What a call's context may define besides the arguments, and which wins over them.
	 */
	private static final Set<String> CONTEXT_VARIABLES = Set.of("request", "principal", "this", "root");

	private static final int NO_ARGUMENT = -1;

	private final Expression expression;

	/**
	 * The argument the expression is, when it is nothing but one argument by name
	 * ({@code #userId}): then the argument is the value, with no context built and no
	 * SpEL evaluated per call. {@link #NO_ARGUMENT} otherwise.
	 */
	private final int argument;

	private KeyExpression(Expression expression, int argument) {
		this.expression = expression;
		this.argument = argument;
	}

	/**
	 * Parses an annotation's {@code key}.
	 * @param text the attribute; empty for a limit shared by every caller
	 * @param method the annotated method, as its class declares it, whose parameter names
	 * the expression sees
	 * @param where the attribute, for the message
	 * @param failure makes the exception for an invalid expression
	 * @return the expression, or {@code null} if {@code text} is empty
	 * @throws InvalidConfigurationException if the expression does not parse
	 */
	public static @Nullable KeyExpression parse(String text, Method method, String where,
			InlineValues.Failure failure) {
		if (!StringUtils.hasText(text)) {
			return null;
		}
		Expression expression;
		try {
			expression = PARSER.parseExpression(text);
		}
		catch (ParseException ex) {
			throw failure.create(where, "the key expression '" + text + "' is not valid SpEL (" + ex.getMessage() + ")",
					"Fix the expression, e.g. key = \"#request.remoteAddr\" or key = \"#userId\"");
		}
		return new KeyExpression(expression, argumentOf(expression, method));
	}

	/**
	 * The index of the argument an expression is nothing but, found exactly as the call's
	 * context would find it, or {@link #NO_ARGUMENT} wherever that could differ: a name
	 * the context defines itself, or a method with a parameter named like an indexed
	 * variable.
	 */
	private static int argumentOf(Expression expression, Method method) {
		if (!(expression instanceof SpelExpression spel) || !(spel.getAST() instanceof VariableReference variable)) {
			return NO_ARGUMENT;
		}
		String name = variable.toStringAST().substring(1);
		String[] names = PARAMETER_NAMES.getParameterNames(method);
		if (CONTEXT_VARIABLES.contains(name) || names == null) {
			return NO_ARGUMENT;
		}
		for (String parameter : names) {
			if (INDEXED_ARGUMENT.matcher(parameter).matches()) {
				return NO_ARGUMENT;
			}
		}
		return Arrays.asList(names).indexOf(name);
	}

	/**
	 * Returns whether evaluating the expression needs the call's {@link #context}.
	 * @return {@code false} if the expression is one argument by name
	 */
	public boolean needsContext() {
		return this.argument == NO_ARGUMENT;
	}

	/**
	 * Makes the context one call's key expressions are evaluated in; build it once per
	 * call, and only when an expression {@linkplain #needsContext() needs it}.
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
	 * @param arguments the call's arguments
	 * @param context the call's context if the expression {@linkplain #needsContext()
	 * needs it}
	 * @param method the annotated method, for the message
	 * @param limitKind the kind of limit, such as {@code rate limit}, for the message
	 * @param limitName the limit's name, for the message
	 * @return the value, which the limit keeps as {@link ClientKey#of(Object)} bounds it
	 * @throws IllegalStateException if the expression yields {@code null}: a null key
	 * would put every such call under one shared limit, which is not what a per-client
	 * limit promises
	 */
	public Object evaluate(@Nullable Object[] arguments, @Nullable EvaluationContext context, String method,
			String limitKind, String limitName) {
		Object value = (this.argument != NO_ARGUMENT) ? arguments[this.argument]
				: this.expression.getValue(Objects.requireNonNull(context, "context must not be null"));
		if (value == null) {
			throw new IllegalStateException(method + ": the key expression '" + text() + "' of " + limitKind + " '"
					+ limitName + "' evaluated to null. A null key would put every such call under one shared "
					+ "limit; make the expression always yield a value, e.g. with a default: (" + text()
					+ ") ?: 'anonymous'");
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
