package dev.limiter.autoconfigure.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Limits the rate of calls to a method, or to every proxied method of a class.
 *
 * <pre>{@code
 * &#64;RateLimited("search")                                      // a limit from application.yml

 * &#64;RateLimited(name = "search", key = "#request.remoteAddr")  // one limit per client
 * &#64;RateLimited(name = "report", permits = 5)                  // a call costs 5 permits
 *
&#64;RateLimited(rate = "${search.rate:10}", warmup = "3s")     // inline
 * }</pre>
 *
 * <p>
 * A call that a limit rejects throws {@link RateLimitExceededException}; in a Spring MVC
 * request that becomes {@code 429 Too Many Requests}. With a {@code timeout}, a call
 * waits (pacing, like nginx's {@code limit_req} without {@code nodelay}) for up to that
 * long; a method returning a {@link java.util.concurrent.CompletionStage} waits without
 * blocking its thread.
 *
 * <p>
 * Repeat the annotation to apply several limits (say, per second and per day): a call
 * goes ahead only when every limit admits it, and a call that one limit rejects takes no
 * permits from the others. Annotations on a method replace those on its class.
 *
 * <p>
 * Runs as a Spring AOP advice, so it applies to calls through the bean's proxy, not to
 * calls a bean makes to itself. It runs inside {@code @Retried} by default, so every
 * retry pays for a permit, and like other advice it runs around {@code @Transactional}: a
 * rejected call never opens a transaction when the rate limit advice is outermost.
 * Everything about it is checked at startup: an unknown limit, an invalid key expression,
 * or attributes that contradict each other fail the application, never the first call.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(RateLimited.List.class)
public @interface RateLimited {

	/**
	 * Alias for {@link #name()}.
	 * @return the limit's name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The name of the limit. Without inline values ({@link #rate()} and the rest), it
	 * names a limit configured under {@code limiter.rate-limits.<name>}, which must
	 * exist. With inline values, it names the inline limit in headers, logs and metrics
	 * (default: {@code ClassName.method}), and must not also be configured.
	 * @return the limit's name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * Inline rate, in permits per second; makes this an inline limit. Accepts
	 * {@code ${…}} placeholders.
	 * @return the rate, or empty for a named limit
	 */
	String rate() default "";

	/**
	 * Inline warm-up, such as {@code 3s}; makes an inline limit a warming-up one. Accepts
	 * {@code ${…}} placeholders.
	 * @return the warm-up, or empty
	 * @see RateLimitProperties#getWarmup()
	 */
	String warmup() default "";

	/**
	 * Inline cold factor of a warming-up limit; default 3. Accepts {@code ${…}}
	 * placeholders.
	 * @return the cold factor, or empty
	 */
	String coldFactor() default "";

	/**
	 * Inline maximum burst of a bursty limit, such as {@code 2s}; default 1s. Accepts
	 * {@code ${…}} placeholders.
	 * @return the maximum burst, or empty
	 */
	String maxBurst() default "";

	/**
	 * How long a call may wait for a permit, such as {@code 500ms}, overriding the
	 * limit's {@code timeout}; {@code 0s} rejects at once. Accepts {@code ${…}}
	 * placeholders.
	 * @return the timeout, or empty for the limit's own
	 */
	String timeout() default "";

	/**
	 * How many permits a call costs.
	 * @return 1 or more
	 */
	int permits() default 1;

	/**
	 * A SpEL expression for the client key: with one, every distinct key gets its own
	 * limiter. Evaluated per call, with the method's arguments by name ({@code #userId}),
	 * the current HTTP request ({@code #request}) and its authenticated principal
	 * ({@code #principal}) in a web request, and beans
	 * ({@code @tenantResolver.tenant()}). A key that evaluates to {@code null} is an
	 * error, not a shared bucket. Per-client limiters are bounded by the limit's
	 * {@code max-keys} and {@code key-idle-expiry}.
	 * @return the key expression, or empty for one limiter shared by every call
	 */
	String key() default "";

	/**
	 * Holds repeated {@link RateLimited} annotations.
	 *
	 * @author The limiter authors
	 * @since 0.1.0
	 */
	@Target({ ElementType.METHOD, ElementType.TYPE })
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface List {

		/**
		 * The annotations.
		 * @return the annotations
		 */
		RateLimited[] value();

	}

}
