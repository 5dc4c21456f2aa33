package dev.limiter.autoconfigure.retry;

import org.jspecify.annotations.Nullable;

/**
 * The {@code @Retried} annotation of one method, read, resolved and checked once.
 *
 * @param description the method as messages name it
 * @param policy the retry policy
 * @param recover the recover method, or {@code null} for none
 * @param async whether the method returns a {@link java.util.concurrent.CompletionStage},
 * retried when the stage fails and without blocking between attempts
 * @author The limiter authors
 * @since 0.1.0
 */
record RetriedMethod(String description, RegisteredRetryPolicy policy, @Nullable RecoverMethod recover, boolean async) {
}
