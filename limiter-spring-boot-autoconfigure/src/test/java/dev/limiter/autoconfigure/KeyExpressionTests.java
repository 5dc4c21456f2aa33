package dev.limiter.autoconfigure;

import java.lang.reflect.Method;

import dev.limiter.autoconfigure.ratelimit.InvalidRateLimitException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.expression.EvaluationContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link KeyExpression}: an expression that is one argument by name is read off
 * the arguments with no context, and yields exactly what SpEL yields in the call's
 * context; wherever the context could see something else under the name, the expression
 * is evaluated as written.
 *
 * @author The limiter authors
 */
class KeyExpressionTests {

	private static final Object[] ARGUMENTS = { "alice", 42L };

	private static final Fixture TARGET = new Fixture();

	@AfterEach
	void leaveRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@ParameterizedTest(name = "{0} on {1}: read off the arguments = {2}")
	@CsvSource({ "#user, byUser, true", "' #id ', byUser, true", "#id, byUser, true", "#p0, byUser, false",
			"#a1, byUser, false", "#user.length(), byUser, false", "#root, byUser, false", "#this, byUser, false",
			"#request, byRequest, false", "#principal, byPrincipal, false", "#p1, shadowing, false",
			"#other, shadowing, false" })
	void yieldsWhatSpelYieldsInTheCallsContext(String text, String methodName, boolean readOffArguments) {
		Method method = method(methodName);
		KeyExpression key = parse(text, method);
		assertThat(key.needsContext()).isEqualTo(!readOffArguments);
		assertThat(evaluate(key, method)).isEqualTo(spel(text, method));
	}

	@Test
	void aRequestParameterIsTheRequestInAWebRequestAsBefore() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		Method method = method("byRequest");
		KeyExpression key = parse("#request", method);
		assertThat(evaluate(key, method)).isSameAs(request).isEqualTo(spel("#request", method));
	}

	@Test
	void aNullArgumentIsAnErrorNamingTheLimit() {
		Method method = method("byUser");
		KeyExpression key = parse("#user", method);
		assertThat(key.needsContext()).isFalse();
		assertThatIllegalStateException()
			.isThrownBy(() -> key.evaluate(new Object[] { null, 42L }, null, "@RateLimited on Fixture.byUser",
					"rate limit", "search"))
			.withMessageContaining("@RateLimited on Fixture.byUser: the key expression '#user' of rate limit "
					+ "'search' evaluated to null");
	}

	@Test
	void aNameThatIsNoParameterIsEvaluatedAsWrittenAndIsNull() {
		Method method = method("byUser");
		KeyExpression key = parse("#nobody", method);
		assertThat(key.needsContext()).isTrue();
		assertThatIllegalStateException().isThrownBy(() -> evaluate(key, method))
			.withMessageContaining("'#nobody' of rate limit 'search' evaluated to null");
	}

	private static KeyExpression parse(String text, Method method) {
		KeyExpression key = KeyExpression.parse(text, method, "Fixture." + method.getName(),
				InvalidRateLimitException::new);
		assertThat(key).isNotNull();
		return key;
	}

	private static Object evaluate(KeyExpression key, Method method) {
		return key.evaluate(ARGUMENTS, key.needsContext() ? context(method) : null, "Fixture." + method.getName(),
				"rate limit", "search");
	}

	private static @Nullable Object spel(String text, Method method) {
		return new SpelExpressionParser().parseExpression(text).getValue(context(method));
	}

	private static EvaluationContext context(Method method) {
		return KeyExpression.context(method, ARGUMENTS, TARGET, null);
	}

	private static Method method(String name) {
		Method method = ReflectionUtils.findMethod(Fixture.class, name, (Class<?>[]) null);
		assertThat(method).isNotNull();
		return method;
	}

	static class Fixture {

		String byUser(String user, long id) {
			return user + id;
		}

		String byRequest(String request, long id) {
			return request + id;
		}

		String byPrincipal(String principal, long id) {
			return principal + id;
		}

		// a parameter named like the context's own indexed variables
		String shadowing(String p1, long other) {
			return p1 + other;
		}

	}

}
