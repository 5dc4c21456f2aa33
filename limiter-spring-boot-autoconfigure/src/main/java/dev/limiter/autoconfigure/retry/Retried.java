package dev.limiter.autoconfigure.retry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Retries a failed call to a method, or to every proxied method of a class, in the style
 * of Spring's {@code @Retryable}, but honoring {@code Retry-After} hints and spending
 * from a retry budget so that it cannot become a retry storm.
 *
 * <pre>{@code
 * &#64;Retried("inventory")                                   // a policy from application.yml

 * &#64;Retried(name = "inventory", recover = "cachedStock")   // recover when retries run out
 *
&#64;Retried(maxAttempts = "4", delay = "100ms", multiplier = "2", retryOn = IOException.class)
 * }</pre>
 *
 * <p>
 * Each attempt goes through the advice inside this one again: with the default order a
 * method that is also {@code @RateLimited} pays for a permit on every attempt. A method
 * returning a {@link java.util.concurrent.CompletionStage} is retried when the stage
 * fails, without blocking a thread between attempts. An interrupt while waiting stops the
 * retries: the last failure is thrown and the thread's interrupt status is kept.
 *
 * <p>
 * When retries are exhausted, the budget is empty, or a failure's {@code Retry-After} is
 * longer than {@code max-retry-after} (a retry any sooner would fail again), the
 * {@link #recover()} method is called if there is one; otherwise the last failure
 * propagates unchanged. A failure that is not retryable propagates at once. Like all
 * Spring AOP advice, it applies to calls through the bean's proxy, not to calls a bean
 * makes to itself; it runs outside {@code @RateLimited} and {@code @Transactional}, so
 * each attempt gets its own transaction.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retried {

	/**
	 * Alias for {@link #name()}.
	 * @return the policy's name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * The retry policy. Without inline values, it names a policy configured under
	 * {@code limiter.retries.<name>}, which must exist. With inline values, it names the
	 * inline policy (default: {@code ClassName.method}) in logs and metrics, and must not
	 * also be configured.
	 * @return the policy's name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * Inline: calls in all, counting the first; default 3. Accepts {@code ${…}}
	 * placeholders.
	 * @return the attempts, or empty
	 */
	String maxAttempts() default "";

	/**
	 * Inline: wait before the first retry, such as {@code 100ms}; default 100ms. Accepts
	 * placeholders.
	 * @return the delay, or empty
	 */
	String delay() default "";

	/**
	 * Inline: factor each wait grows by; default 1. Accepts placeholders.
	 * @return the multiplier, or empty
	 */
	String multiplier() default "";

	/**
	 * Inline: longest wait; default 10s. Accepts placeholders.
	 * @return the maximum delay, or empty
	 */
	String maxDelay() default "";

	/**
	 * Inline: random spread around each wait, scaled by the multiplier like the wait;
	 * default 0s. Accepts placeholders.
	 * @return the jitter, or empty
	 */
	String jitter() default "";

	/**
	 * Inline: exception types retried, with subclasses and as causes; default every
	 * {@link Exception}, so an {@link Error} is retried only when listed. A
	 * {@link VirtualMachineError} (such as {@link OutOfMemoryError}) or a
	 * {@link LinkageError} is never retried, even when {@link Throwable} or {@link Error}
	 * is listed.
	 * @return the types
	 */
	Class<? extends Throwable>[] retryOn() default {};

	/**
	 * Inline: exception types never retried, even if listed in {@link #retryOn()}.
	 * @return the types
	 */
	Class<? extends Throwable>[] ignore() default {};

	/**
	 * The name of a method of the same class called when retries are exhausted, the
	 * budget is empty, or a failure's {@code Retry-After} is too long. It takes the same
	 * parameters as this method, optionally preceded by the failure (a {@link Throwable}
	 * type it can handle), and returns a compatible type. Checked at startup.
	 * @return the recover method's name, or empty for none
	 */
	String recover() default "";

}
