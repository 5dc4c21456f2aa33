package dev.limiter.autoconfigure.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.core.ManualTimeSource;
import dev.limiter.core.TimeSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;

/**
 * Tests for {@link RateLimitRejectionResolver}: where it answers, the 429 is the one
 * Spring MVC's exception handling gives, byte for byte (status, every field in order,
 * body); wherever the application's own handling could answer differently, it steps
 * aside.
 *
 * @author The limiter authors
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitRejectionResolverTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				JacksonAutoConfiguration.class, LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class,
				RateLimitWebAutoConfiguration.class))
		.withBean(TimeSource.class, ManualTimeSource::new)
		.withPropertyValues("limiter.rate-limits.search.rate=2", "limiter.rate-limits.daily.rate=1e-9");

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "", "*/*", "application/problem+json" })
	void answersWithSpringMvcsOwn429ByteForByte(String accept) {
		Answer direct = rejection(this.runner.withUserConfiguration(Limited.class, Counting.class), "/items/a%20b",
				accept);
		Answer throughSpringMvc = rejection(this.runner.withUserConfiguration(Limited.class)
			.withPropertyValues("limiter.web.direct-rejections=false"), "/items/a%20b", accept);
		assertThat(direct.answeredDirectly()).isTrue();
		assertThat(throughSpringMvc.answeredDirectly()).isFalse();
		// the same fields and body; sent whole, with its length, where Spring MVC sends
		// chunks
		assertThat(direct.response()).isEqualTo(throughSpringMvc.response().withLength());
		assertThat(direct.response().status()).isEqualTo(429);
		assertThat(direct.response().body()).contains("\"instance\":\"/items/a%20b\"")
			.contains("\"violated-policies\":[\"search\",\"daily\"]");
	}

	@Test
	void writesWithTheApplicationsConverterWhereItsJsonIsConfiguredOtherwise() {
		WebApplicationContextRunner indenting = this.runner.withUserConfiguration(Limited.class)
			.withPropertyValues("spring.jackson.serialization.indent-output=true");
		Answer direct = rejection(indenting.withUserConfiguration(Counting.class), "/items/x", "");
		Answer throughSpringMvc = rejection(indenting.withPropertyValues("limiter.web.direct-rejections=false"),
				"/items/x", "");
		assertThat(direct.answeredDirectly()).isTrue();
		assertThat(direct.response().body()).contains("\n");
		assertThat(direct.response()).isEqualTo(throughSpringMvc.response().withLength());
	}

	@Test
	void stepsAsideForErrorResponseInterceptors() {
		assertSameAnswer(this.runner.withUserConfiguration(Limited.class, TraceIds.class), "/items/x", "");
	}

	@Test
	void probesAListOfOneLimitToo() {
		assertSameAnswer(
				this.runner.withUserConfiguration(Single.class)
					.withPropertyValues("spring.jackson.serialization.write-single-elem-arrays-unwrapped=true"),
				"/single", "");
	}

	@Test
	void comesAfterAResolverTheApplicationPutsFirst() {
		Answer throughSpringMvc = rejection(this.runner.withUserConfiguration(Single.class, OwnResolverFirst.class)
			.withPropertyValues("limiter.web.direct-rejections=false"), "/single", "");
		assertThat(throughSpringMvc.response().status()).isEqualTo(503);
		Answer direct = rejection(
				this.runner.withUserConfiguration(Counting.class, Single.class, OwnResolverFirst.class), "/single", "");
		assertThat(direct.response()).isEqualTo(throughSpringMvc.response());
	}

	@Test
	void logsWhatItAnswersWhereResolvedExceptionsAreLogged(CapturedOutput output) {
		String logged = "Resolved [dev.limiter.autoconfigure.ratelimit.RateLimitExceededException";
		WebApplicationContextRunner logging = this.runner.withUserConfiguration(Single.class)
			.withPropertyValues("spring.mvc.log-resolved-exception=true");
		rejection(logging.withPropertyValues("limiter.web.direct-rejections=false"), "/single", "");
		assertThat(occurrences(output.toString(), logged)).isOne();
		Answer answer = rejection(logging.withUserConfiguration(Counting.class), "/single", "");
		assertThat(answer.answeredDirectly()).isTrue();
		assertThat(occurrences(output.toString(), logged)).isEqualTo(2);
		assertThat(output.toString()).contains("WARN").contains(".ExceptionHandlerExceptionResolver");
	}

	@Test
	void answersAsynchronousControllerMethodsAlike() {
		assertSameAnswer(this.runner.withUserConfiguration(Asynchronous.class), "/later", "");
	}

	@Test
	void replacesTheFieldsOfALimitThatAdmittedTheCall() {
		// first request spends "daily" through the service; the second is admitted by the
		// handler's own "search" (first use) and rejected by the service's "daily"
		assertSameAnswerAfter(this.runner.withUserConfiguration(Nested.class, NestedService.class), "/warm", "/nested",
				"");
	}

	@Test
	void replacesAFieldSetBeforeTheRejection() {
		assertSameAnswer(this.runner.withUserConfiguration(Single.class, PresetField.class), "/single", "");
	}

	/** As {@link #assertSameAnswer}, with a first call to {@code first}. */
	private void assertSameAnswerAfter(WebApplicationContextRunner runner, String first, String path, String accept) {
		Answer direct = rejectionAfter(runner.withUserConfiguration(Counting.class), first, path, accept);
		Answer throughSpringMvc = rejectionAfter(runner.withPropertyValues("limiter.web.direct-rejections=false"),
				first, path, accept);
		assertThat(direct.response().status()).isEqualTo(429);
		Response expected = direct.answeredDirectly() ? throughSpringMvc.response().withLength()
				: throughSpringMvc.response();
		assertThat(direct.response()).isEqualTo(expected);
	}

	/** Calls {@code first}, then {@code path}, and returns the second answer. */
	private static Answer rejectionAfter(WebApplicationContextRunner runner, String first, String path, String accept) {
		List<Answer> answers = new ArrayList<>();
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			MockMvc mvc = MockMvcBuilders
				.webAppContextSetup((WebApplicationContext) context.getSourceApplicationContext())
				.build();
			AnsweredDirectly counting = context.getBeanProvider(AnsweredDirectly.class).getIfAvailable();
			perform(mvc, first, accept);
			int before = (counting != null) ? counting.count.get() : 0;
			MockHttpServletResponse response = perform(mvc, path, accept);
			answers.add(new Answer(Response.of(response), counting != null && counting.count.get() > before));
		});
		return answers.get(0);
	}

	static class NestedService {

		@RateLimited("daily")
		public String call() {
			return "called";
		}

	}

	@RestController
	static class Nested {

		private final NestedService service;

		Nested(NestedService service) {
			this.service = service;
		}

		@GetMapping("/warm")
		String warm() {
			return this.service.call();
		}

		@GetMapping("/nested")
		@RateLimited("search")
		String nested() {
			return this.service.call();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PresetField implements WebMvcConfigurer {

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new HandlerInterceptor() {

				@Override
				public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
					// a gateway-wide policy announced on every response
					response.setHeader("RateLimit-Policy", "\"gateway\";q=100;w=1");
					return true;
				}

			});
		}

	}

	@Test
	void followsSpringMvcsWholeContentNegotiation() {
		assertSameAnswer(
				this.runner.withUserConfiguration(Single.class)
					.withPropertyValues("spring.mvc.contentnegotiation.favor-parameter=true"),
				"/single?format=foo", "");
	}

	@Test
	void answersAlikeWithBootsProblemDetails() {
		assertSameAnswer(this.runner.withUserConfiguration(Single.class)
			.withPropertyValues("spring.mvc.problemdetails.enabled=true"), "/single", "");
	}

	@Test
	void answersAHeadRequestAlike() {
		assertSameAnswer(this.runner.withUserConfiguration(Single.class), "HEAD /single", "");
	}

	@Test
	void answersAlikeUnderEnableWebMvc() {
		assertSameAnswer(this.runner.withUserConfiguration(Single.class, Enabled.class), "/single", "");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	static class Enabled {

	}

	private static int occurrences(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

	/** The direct answer, where it is given, is Spring MVC's with its length. */
	private void assertSameAnswer(WebApplicationContextRunner runner, String path, String accept) {
		assertSameAnswerAfter(runner, path, path, accept);
	}

	@Test
	void stepsAsideForAnyOtherAcceptedType() {
		Answer answer = rejection(this.runner.withUserConfiguration(Counting.class, Limited.class), "/items/x",
				"application/json");
		assertThat(answer.answeredDirectly()).isFalse();
		assertThat(answer.response().status()).isEqualTo(429);
	}

	@Test
	void stepsAsideForTheControllersOwnHandler() {
		Answer answer = rejection(this.runner.withUserConfiguration(Counting.class, HandlesItsOwn.class), "/own", "");
		assertThat(answer.answeredDirectly()).isFalse();
		assertThat(answer.response().status()).isEqualTo(503);
		assertThat(answer.response().body()).isEqualTo("busy");
	}

	@Test
	void stepsAsideForAnAdvicesHandlerOfASupertype() {
		Answer answer = rejection(
				this.runner.withUserConfiguration(Counting.class, Limited.class, AnyRuntimeException.class), "/items/x",
				"");
		assertThat(answer.answeredDirectly()).isFalse();
		assertThat(answer.response().status()).isEqualTo(500);
		assertThat(answer.response().body()).isEqualTo("failed: RateLimitExceededException");
	}

	@Test
	void stepsAsideForResponseBodyAdvice() {
		Answer direct = rejection(this.runner.withUserConfiguration(Counting.class, Limited.class, Stamping.class),
				"/items/x", "");
		assertThat(direct.answeredDirectly()).isFalse();
		assertThat(direct.response().fields()).contains("X-Stamped: yes");
	}

	@Test
	void stepsAsideForAReplacedHandler() {
		Answer answer = rejection(this.runner.withUserConfiguration(Counting.class, Limited.class)
			.withBean(RateLimitExceptionHandler.class, OwnRateLimitExceptionHandler::new), "/items/x", "");
		assertThat(answer.answeredDirectly()).isFalse();
		assertThat(answer.response().fields()).contains("X-Own: yes");
	}

	/** Makes one admitted and one rejected call, and returns the rejection's answer. */
	private static Answer rejection(WebApplicationContextRunner runner, String path, String accept) {
		return rejectionAfter(runner, path, path, accept);
	}

	private static MockHttpServletResponse perform(MockMvc mvc, String path, String accept) throws Exception {
		MvcResult result = mvc.perform(request(path, accept)).andReturn();
		if (result.getRequest().isAsyncStarted()) {
			result = mvc.perform(asyncDispatch(result)).andReturn();
		}
		return result.getResponse();
	}

	private static MockHttpServletRequestBuilder request(String path, String accept) {
		// a URI, not a template: the path is sent as written, escapes included
		MockHttpServletRequestBuilder request = path.startsWith("HEAD ") ? head(URI.create(path.substring(5)))
				: get(URI.create(path));
		return accept.isEmpty() ? request : request.header("Accept", accept);
	}

	/** What a client sees of a response: status, every field in order, the body. */
	record Response(int status, List<String> fields, String body) {

		/** The same response with its {@code Content-Length}, as the last field. */
		Response withLength() {
			List<String> withLength = new ArrayList<>(this.fields);
			withLength.add("Content-Length: " + this.body.getBytes(StandardCharsets.UTF_8).length);
			return new Response(this.status, withLength, this.body);
		}

		static Response of(MockHttpServletResponse response) throws Exception {
			List<String> fields = new ArrayList<>();
			for (String name : response.getHeaderNames()) {
				for (String value : response.getHeaders(name)) {
					fields.add(name + ": " + value);
				}
			}
			return new Response(response.getStatus(), fields, response.getContentAsString());
		}

	}

	record Answer(Response response, boolean answeredDirectly) {

	}

	/** How many rejections the resolver answered itself. */
	static class AnsweredDirectly {

		final AtomicInteger count = new AtomicInteger();

	}

	/** Puts a resolver that counts what it answers in the auto-configured one's place. */
	@Configuration(proxyBeanMethods = false)
	static class Counting {

		@Bean
		AnsweredDirectly answeredDirectly() {
			return new AnsweredDirectly();
		}

		@Bean
		RateLimitRejections rateLimitRejections(Environment environment, AnsweredDirectly answered) {
			return new RateLimitRejections(
					environment.getProperty("spring.mvc.log-resolved-exception", Boolean.class, false)) {

				@Override
				protected RateLimitRejectionResolver resolver(ExceptionHandlerExceptionResolver exceptionHandlers,
						boolean logResolved) {
					return new RateLimitRejectionResolver(exceptionHandlers, logResolved) {

						@Override
						public @Nullable ModelAndView resolveException(HttpServletRequest request,
								HttpServletResponse response, @Nullable Object handler, Exception ex) {
							ModelAndView answer = super.resolveException(request, response, handler, ex);
							if (answer != null) {
								answered.count.incrementAndGet();
							}
							return answer;
						}

					};
				}

			};
		}

	}

	@RestController
	static class Limited {

		@GetMapping("/items/{name}")
		@RateLimited("search")
		@RateLimited("daily")
		String item() {
			return "item";
		}

	}

	@RestController
	static class Single {

		@GetMapping("/single")
		@RateLimited("daily")
		String single() {
			return "single";
		}

	}

	@RestController
	static class Asynchronous {

		@GetMapping("/later")
		@RateLimited("daily")
		CompletableFuture<String> later() {
			return CompletableFuture.supplyAsync(() -> "later");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TraceIds implements WebMvcConfigurer {

		@Override
		public void addErrorResponseInterceptors(List<ErrorResponse.Interceptor> interceptors) {
			interceptors.add((detail, errorResponse) -> detail.setProperty("traceId", "abc123"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnResolverFirst implements WebMvcConfigurer {

		@Override
		public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
			resolvers.add(0, (request, response, handler, ex) -> {
				if (!(ex instanceof RateLimitExceededException)) {
					return null;
				}
				response.setStatus(503);
				response.setHeader("X-Own-Resolver", "yes");
				return new ModelAndView();
			});
		}

	}

	@RestController
	static class HandlesItsOwn {

		@GetMapping("/own")
		@RateLimited("daily")
		String own() {
			return "own";
		}

		@ExceptionHandler(RateLimitExceededException.class)
		ResponseEntity<String> busy() {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("busy");
		}

	}

	@RestControllerAdvice
	static class AnyRuntimeException {

		@ExceptionHandler(RuntimeException.class)
		ResponseEntity<String> failed(RuntimeException ex) {
			return ResponseEntity.internalServerError().body("failed: " + ex.getClass().getSimpleName());
		}

	}

	@RestControllerAdvice
	static class Stamping implements ResponseBodyAdvice<Object> {

		@Override
		public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
			return true;
		}

		@Override
		public Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
				Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
				ServerHttpResponse response) {
			response.getHeaders().add("X-Stamped", "yes");
			return body;
		}

	}

	static class OwnRateLimitExceptionHandler extends RateLimitExceptionHandler {

		@Override
		public ResponseEntity<ProblemDetail> handleRateLimitExceeded(RateLimitExceededException ex) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("X-Own", "yes").build();
		}

	}

}
