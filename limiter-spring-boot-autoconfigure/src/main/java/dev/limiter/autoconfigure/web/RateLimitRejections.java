package dev.limiter.autoconfigure.web;

import java.util.List;

import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;

/**
 * Puts a {@link RateLimitRejectionResolver} into Spring MVC's resolvers, just before its
 * {@code @ExceptionHandler} resolver, whose answer it gives: resolvers the application
 * puts before that one still come first. Where that resolver was replaced by one of
 * another class (through {@code WebMvcRegistrations}, say), which may answer otherwise,
 * none is added.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitRejections implements WebMvcConfigurer {

	private final boolean logResolved;

	/**
	 * Creates the configurer.
	 * @param logResolved whether resolved exceptions are logged
	 * ({@code spring.mvc.log-resolved-exception}), so that rejections answered directly
	 * are too, as the {@code @ExceptionHandler} resolver logs them
	 */
	public RateLimitRejections(boolean logResolved) {
		this.logResolved = logResolved;
	}

	@Override
	public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
		for (int i = 0; i < resolvers.size(); i++) {
			if (resolvers.get(i).getClass() == ExceptionHandlerExceptionResolver.class) {
				ExceptionHandlerExceptionResolver exceptionHandlers = (ExceptionHandlerExceptionResolver) resolvers
					.get(i);
				resolvers.add(i, resolver(exceptionHandlers, this.logResolved));
				return;
			}
		}
	}

	/**
	 * Makes the resolver.
	 * @param exceptionHandlers Spring MVC's {@code @ExceptionHandler} resolver
	 * @param logResolved whether resolved exceptions are logged
	 * @return the resolver
	 */
	protected RateLimitRejectionResolver resolver(ExceptionHandlerExceptionResolver exceptionHandlers,
			boolean logResolved) {
		return new RateLimitRejectionResolver(exceptionHandlers, logResolved);
	}

}
