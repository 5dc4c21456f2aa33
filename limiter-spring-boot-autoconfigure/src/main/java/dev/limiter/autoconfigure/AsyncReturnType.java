package dev.limiter.autoconfigure;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which methods the interceptors treat as asynchronous: those declared to return
 * {@link CompletionStage} or {@link CompletableFuture}. Such a method waits without
 * blocking a thread, and everything that goes wrong before it runs (a rejection, a key
 * expression that fails) arrives through the stage the interceptor returns.
 *
 * <p>
 * The interceptor returns a {@code CompletableFuture} of its own, made before the method
 * runs, so a method declared to return a subtype (a {@code CompletableFuture} subclass,
 * or another {@code CompletionStage} implementation) cannot be supported: its caller
 * would get a {@link ClassCastException}. Such a method fails startup instead.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class AsyncReturnType {

	private AsyncReturnType() {
	}

	/**
	 * Returns whether a method is asynchronous.
	 * @param method the annotated method
	 * @param description the method as messages name it
	 * @param failure makes the exception for an unsupported return type
	 * @return whether it returns {@code CompletionStage} or {@code CompletableFuture}
	 * @throws InvalidConfigurationException if it returns another subtype of
	 * {@code CompletionStage}
	 */
	public static boolean isAsync(Method method, String description, InlineValues.Failure failure) {
		Class<?> type = method.getReturnType();
		if (type == CompletionStage.class || type == CompletableFuture.class) {
			return true;
		}
		if (CompletionStage.class.isAssignableFrom(type)) {
			throw failure.create(description, "it returns " + type.getName()
					+ ", a CompletionStage that the interceptor cannot create (it returns its own CompletableFuture)",
					"Declare the method to return CompletionStage or CompletableFuture");
		}
		return false;
	}

}
