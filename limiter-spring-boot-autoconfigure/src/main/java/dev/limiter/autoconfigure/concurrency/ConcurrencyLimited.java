package dev.limiter.autoconfigure.concurrency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Caps the calls in flight to a method, or to every proxied method of a class, at a
 * limit's {@code max-concurrent}, with a bounded, fair wait for a slot (what gunicorn or
 * nginx do with their caps on concurrent requests).
 *
 * <pre>{@code
 * &#64;ConcurrencyLimited("reports")    // limiter.concurrency-limits.reports.*
 * }</pre>
 *
 * <p>
 * A slot is held for exactly the call: until the method returns or throws, or, for a
 * method returning a {@link java.util.concurrent.CompletionStage}, until the stage
 * completes, and such a method waits for its slot without blocking a thread. A call that
 * gets no slot throws {@link ConcurrencyLimitExceededException}; in a Spring MVC request
 * that becomes {@code 503 Service Unavailable} ({@code 429} for a per-client cap, see
 * {@link #key()}). Named {@code ConcurrencyLimited} because Spring Framework 7's own
 * {@code @ConcurrencyLimit} is a different, blocking-only annotation.
 *
 * <p>
 * Runs inside {@code @RateLimited} and {@code @Retried} by default, so a call that a rate
 * limit rejects or makes wait holds no slot, and every retry attempt takes its own.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConcurrencyLimited {

	/**
	 * Alias for {@link #name()}.
	 * @return the limit's name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The name of a limit configured under {@code limiter.concurrency-limits.<name>},
	 * which must exist.
	 * @return the limit's name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * A SpEL expression for a cap per client: every value it yields gets its own cap of
	 * the limit's {@code max-concurrent}, and a call that finds its client's cap full is
	 * answered {@code 429 Too Many Requests} in a web request. The same variables as
	 * {@code @RateLimited}'s key: arguments by name ({@code #userId}), {@code #request},
	 * {@code #principal}, bean references; a {@code null} key is an error. The keys live
	 * in a bounded registry ({@code max-keys}, {@code key-idle-expiry}), where a key with
	 * calls in flight or waiting is never dropped. Empty (the default): one cap for every
	 * caller.
	 * @return the key expression
	 */
	String key() default "";

}
