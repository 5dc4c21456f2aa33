package dev.limiter.autoconfigure;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Puts {@code #request} and {@code #principal} into a key expression's context when the
 * call runs in a servlet request. The principal is the request's, so with Spring Security
 * it is the authenticated {@code Authentication}, with no dependency on Security here.
 *
 * <p>
 * Servlet and Spring Web are optional: this class is touched only after checking they are
 * on the class path, so a non-web application never loads it.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class WebKeyVariables {

	private static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.web.context.request.RequestContextHolder", WebKeyVariables.class.getClassLoader())
			&& ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", WebKeyVariables.class.getClassLoader());

	private WebKeyVariables() {
	}

	static void contribute(StandardEvaluationContext context) {
		if (PRESENT) {
			Servlet.contribute(context);
		}
	}

	private static final class Servlet {

		static void contribute(StandardEvaluationContext context) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				HttpServletRequest request = servlet.getRequest();
				context.setVariable("request", request);
				context.setVariable("principal", request.getUserPrincipal());
			}
		}

	}

}
