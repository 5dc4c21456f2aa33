package dev.limiter.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.log.LogFormatUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Answers a rejected call to a controller method with the {@code 429} straight away, when
 * nothing of the application's would handle the rejection: the response
 * {@link RateLimitExceptionHandler} gives, written by the message converter Spring MVC
 * would choose, without Spring MVC's search for an {@code @ExceptionHandler}, its
 * invocation, and the handling of its return value. Through those, a 429 cost more than
 * serving a trivial call (issue 12: 0.75 times the responses per second of a 200).
 *
 * <p>
 * {@link RateLimitRejections} puts it in Spring MVC's own list of resolvers, just before
 * the {@link ExceptionHandlerExceptionResolver} whose answer it gives, so a resolver the
 * application adds ahead of that one still comes first. It reads what that resolver would
 * use (its controller advice, message converters and error response interceptors) and
 * steps aside, leaving the rejection to it, whenever the answer could differ:
 * <ul>
 * <li>the controller has an {@code @ExceptionHandler} for the rejection (or a supertype),
 * or any controller advice applying to it has one, or is a {@link ResponseBodyAdvice},
 * which may change bodies (the application's handlers win, as they do over ours), or an
 * {@link ErrorResponse.Interceptor} is configured, which may change problems;</li>
 * <li>Spring MVC's content negotiation (every strategy: the {@code Accept} header, a
 * format parameter, defaults) yields anything but the problem's own type
 * ({@code application/problem+json}), or anything ({@code *}{@code /*}) where a converter
 * could write the problem as XML;</li>
 * <li>the rejection is of a subclass or has a cause, the response is committed, or the
 * handler is not a controller method.</li>
 * </ul>
 *
 * <p>
 * With {@code spring.mvc.log-resolved-exception=true} it logs what it answers as that
 * resolver would, under that resolver's name. It is not one of Spring's abstract
 * resolvers, which check every exception they resolved for a client disconnect (its
 * message and causes, against a list of phrases): a fifth of a 429's time in the
 * resolvers, and a rejection is never one. {@code limiter.web.direct-rejections=false}
 * turns it off.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public class RateLimitRejectionResolver implements HandlerExceptionResolver {

	private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

	private final ExceptionHandlerExceptionResolver exceptionHandlers;

	/** Where resolved exceptions are logged, if they are. */
	private final @Nullable Log resolvedLog;

	private final Supplier<@Nullable SmartHttpMessageConverter<Object>> problemConverter;

	/** Found once, on the first rejection: see {@link #findBodyAdvice()}. */
	private final Supplier<List<ControllerAdviceBean>> bodyAdvice = SingletonSupplier.of(this::findBodyAdvice);

	/**
	 * Whether a converter could write the problem as XML, which {@code *}{@code /*} may
	 * pick.
	 */
	private final Supplier<Boolean> writesXml;

	/**
	 * Whether {@link ProblemJson} writes what the converter writes, checked once on
	 * probes.
	 */
	private final Supplier<Boolean> writesAsTheConverter = SingletonSupplier.of(this::writesAsTheConverter);

	/**
	 * Whether the limiter alone answers a rejection of a controller, by its class.
	 */
	private final Map<Class<?>, Boolean> answersAlone = new ConcurrentHashMap<>();

	/**
	 * Creates a resolver giving the answer of Spring MVC's {@code @ExceptionHandler}
	 * resolver.
	 * @param exceptionHandlers the resolver, initialized: its advice, converters and
	 * interceptors are read on the first rejection
	 * @param logResolved whether resolved exceptions are logged
	 * ({@code spring.mvc.log-resolved-exception}), as that resolver then logs them
	 */
	public RateLimitRejectionResolver(ExceptionHandlerExceptionResolver exceptionHandlers, boolean logResolved) {
		this.exceptionHandlers = exceptionHandlers;
		this.resolvedLog = logResolved ? LogFactory.getLog(ExceptionHandlerExceptionResolver.class) : null;
		this.problemConverter = SingletonSupplier.ofNullable(this::findProblemConverter);
		this.writesXml = SingletonSupplier.of(() -> writes(MediaType.APPLICATION_PROBLEM_XML));
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (ex.getClass() != RateLimitExceededException.class || ex.getCause() != null
				|| !(handler instanceof HandlerMethod method) || response.isCommitted()
				|| !acceptsTheProblemType(request)) {
			return null;
		}
		SmartHttpMessageConverter<Object> converter = this.problemConverter.get();
		Class<?> beanType = method.getBeanType();
		// as Spring MVC does: advice applies to what is behind a JDK proxy, whose class
		// several controllers of one interface share
		Class<?> controller = Proxy.isProxyClass(beanType) ? AopUtils.getTargetClass(method.getBean()) : beanType;
		if (converter == null
				|| !this.answersAlone.computeIfAbsent(controller, (type) -> answersAlone(beanType, controller))) {
			return null;
		}
		URI instance;
		try {
			instance = URI.create(request.getRequestURI());
		}
		catch (IllegalArgumentException notAUri) {
			return null;
		}
		RateLimitExceededException rejection = (RateLimitExceededException) ex;
		ProblemDetail problem = RateLimitProblem.body(rejection);
		// as Spring MVC does for a ProblemDetail body without one
		problem.setInstance(instance);
		BufferedBody body = new BufferedBody();
		try {
			byte[] json = this.writesAsTheConverter.get() ? ProblemJson.write(problem) : null;
			if (json != null) {
				body.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
				body.bytes.write(json);
			}
			else {
				converter.write(problem, PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, body, null);
			}
			// the fields go on the response as Spring MVC puts a ResponseEntity's there
			// (replacing any of the same name set before, such as an admitting limit's)
			ServletServerHttpResponse output = new ServletServerHttpResponse(response);
			output.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
			output.getHeaders().putAll(RateLimitProblem.headers(rejection));
			output.getHeaders().putAll(body.getHeaders());
			output.getHeaders().setContentLength(body.bytes.size());
			body.bytes.writeTo(output.getBody());
		}
		catch (IOException clientGone) {
			// nothing more can be answered: the request is over, as it is when Spring
			// MVC's own write fails
		}
		if (this.resolvedLog != null && this.resolvedLog.isWarnEnabled()) {
			// Spring's AbstractHandlerExceptionResolver's message
			this.resolvedLog.warn("Resolved [" + LogFormatUtils.formatValue(ex, -1, true) + "]");
		}
		return new ModelAndView();
	}

	/**
	 * The response's fields and body, kept until the body is complete so that it goes out
	 * with its length in one write, where Spring MVC's answer is sent in chunks.
	 */
	private static final class BufferedBody implements HttpOutputMessage {

		private final HttpHeaders headers = new HttpHeaders();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public OutputStream getBody() {
			return this.bytes;
		}

	}

	/**
	 * Whether Spring MVC's content negotiation, asked as it would be (every strategy of
	 * its manager: the {@code Accept} header, a format parameter, defaults), would choose
	 * the problem's JSON: the request accepts exactly {@code application/problem+json},
	 * or anything where no converter writes the problem as XML.
	 */
	private boolean acceptsTheProblemType(HttpServletRequest request) {
		List<MediaType> accepted;
		try {
			accepted = this.exceptionHandlers.getContentNegotiationManager()
				.resolveMediaTypes(new ServletWebRequest(request));
		}
		catch (HttpMediaTypeNotAcceptableException notAcceptable) {
			return false;
		}
		if (accepted.size() != 1) {
			return false;
		}
		MediaType type = accepted.get(0);
		return type.equals(MediaType.APPLICATION_PROBLEM_JSON) || (type.equals(MediaType.ALL) && !this.writesXml.get());
	}

	/**
	 * Whether nothing of the application's would answer a rejection of this controller:
	 * no {@code @ExceptionHandler} of its own (on its bean's class or, behind a JDK
	 * proxy, its target's) or of advice applying to it, no response body advice applying
	 * to it, no error response interceptor.
	 */
	private boolean answersAlone(Class<?> beanType, Class<?> controller) {
		if (handles(beanType) || handles(controller)
				|| !this.exceptionHandlers.getErrorResponseInterceptors().isEmpty()) {
			return false;
		}
		for (Map.Entry<ControllerAdviceBean, ExceptionHandlerMethodResolver> entry : this.exceptionHandlers
			.getExceptionHandlerAdviceCache()
			.entrySet()) {
			ControllerAdviceBean advice = entry.getKey();
			if (advice.isApplicableToBeanType(controller) && !isOurs(advice)
					&& entry.getValue().resolveMethodByExceptionType(RateLimitExceededException.class) != null) {
				return false;
			}
		}
		for (ControllerAdviceBean advice : this.bodyAdvice.get()) {
			if (advice.isApplicableToBeanType(controller)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The controller advice that may change bodies: every {@link ResponseBodyAdvice}, and
	 * advice whose type is unknown.
	 */
	private List<ControllerAdviceBean> findBodyAdvice() {
		ApplicationContext context = this.exceptionHandlers.getApplicationContext();
		if (context == null) {
			return List.of();
		}
		return ControllerAdviceBean.findAnnotatedBeans(context).stream().filter((advice) -> {
			Class<?> type = advice.getBeanType();
			return type == null || ResponseBodyAdvice.class.isAssignableFrom(type);
		}).toList();
	}

	/**
	 * Whether the advice is the limiter's own handler itself: not a subclass, which may
	 * answer otherwise, even when it is registered under the handler's type.
	 */
	private static boolean isOurs(ControllerAdviceBean advice) {
		return advice.getBeanType() == RateLimitExceptionHandler.class
				&& ClassUtils.getUserClass(advice.resolveBean()) == RateLimitExceptionHandler.class;
	}

	private static boolean handles(Class<?> type) {
		return new ExceptionHandlerMethodResolver(type)
			.resolveMethodByExceptionType(RateLimitExceededException.class) != null;
	}

	/**
	 * Whether {@link ProblemJson} writes, for a problem whose strings hold every kind of
	 * character JSON escapes, exactly the bytes and fields the converter writes.
	 */
	private boolean writesAsTheConverter() {
		SmartHttpMessageConverter<Object> converter = this.problemConverter.get();
		if (converter == null) {
			return false;
		}
		RateLimitExceededException.Violation quoted = new RateLimitExceededException.Violation(
				"quote \" backslash \\ slash / é €", 1, Duration.ofMillis(1_500), 2.5);
		RateLimitExceededException.Violation controls = new RateLimitExceededException.Violation(
				"controls \b\t\n\f\r \u0001 \u001f \u007f \u2028", 3, Duration.ofSeconds(3), 0.5);
		// one limit and two: a setting may treat a list of one differently
		return writesAsTheConverter(converter, List.of(quoted))
				&& writesAsTheConverter(converter, List.of(quoted, controls));
	}

	private static boolean writesAsTheConverter(SmartHttpMessageConverter<Object> converter,
			List<RateLimitExceededException.Violation> violations) {
		ProblemDetail problem = RateLimitProblem.body(new RateLimitExceededException(violations));
		problem.setInstance(URI.create("/probe/%22quoted%22/é"));
		BufferedBody written = new BufferedBody();
		try {
			converter.write(problem, PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, written, null);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
		HttpHeaders expectedFields = new HttpHeaders();
		expectedFields.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return Arrays.equals(ProblemJson.write(problem), written.bytes.toByteArray())
				&& written.getHeaders().equals(expectedFields);
	}

	/**
	 * The first converter that writes a {@code ProblemDetail} as
	 * {@code application/problem+json}, as Spring MVC picks it; {@code null} (the
	 * resolver then steps aside) unless it is a smart converter, as Spring's JSON
	 * converters are.
	 */
	@SuppressWarnings("unchecked")
	private @Nullable SmartHttpMessageConverter<Object> findProblemConverter() {
		for (HttpMessageConverter<?> converter : this.exceptionHandlers.getMessageConverters()) {
			if (canWrite(converter, MediaType.APPLICATION_PROBLEM_JSON)) {
				return (converter instanceof SmartHttpMessageConverter<?> smart)
						? (SmartHttpMessageConverter<Object>) smart : null;
			}
		}
		return null;
	}

	private boolean writes(MediaType type) {
		for (HttpMessageConverter<?> converter : this.exceptionHandlers.getMessageConverters()) {
			if (canWrite(converter, type)) {
				return true;
			}
		}
		return false;
	}

	private static boolean canWrite(HttpMessageConverter<?> converter, MediaType type) {
		return (converter instanceof SmartHttpMessageConverter<?> smart)
				? smart.canWrite(PROBLEM, ProblemDetail.class, type) : converter.canWrite(ProblemDetail.class, type);
	}

}
