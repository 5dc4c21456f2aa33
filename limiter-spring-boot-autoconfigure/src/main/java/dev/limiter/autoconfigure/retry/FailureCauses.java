package dev.limiter.autoconfigure.retry;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Walks a failure and its causes, each once. {@link Throwable#initCause} allows a chain
 * that comes back on itself (A caused by B, B caused by A), and a walk that follows
 * {@link Throwable#getCause()} until {@code null} never ends on it: Spring Framework
 * 7.0's {@code RetryPolicy.shouldRetry} is such a walk when it matches
 * {@code includes}/{@code excludes} against causes. So every walk down the causes on the
 * retry path goes through here, and stops at the first cause it has seen before.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class FailureCauses {

	private FailureCauses() {
	}

	/**
	 * Returns the first non-{@code null} answer of {@code lookup} for the failure or one
	 * of its causes, in order.
	 * @param failure the failure
	 * @param lookup asked of the failure, then of each cause
	 * @param <T> the answer's type
	 * @return the first answer, or {@code null} if there is none
	 */
	static <T> @Nullable T find(Throwable failure, Function<Throwable, @Nullable T> lookup) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable candidate = failure; candidate != null
				&& seen.add(candidate); candidate = candidate.getCause()) {
			T answer = lookup.apply(candidate);
			if (answer != null) {
				return answer;
			}
		}
		return null;
	}

	/**
	 * Returns whether the failure or one of its causes is an instance of one of the
	 * types.
	 * @param failure the failure
	 * @param types the types, matched with their subclasses
	 * @return whether one matches
	 */
	static boolean anyIsA(Throwable failure, Collection<Class<? extends Throwable>> types) {
		return find(failure, (candidate) -> isA(candidate, types) ? Boolean.TRUE : null) != null;
	}

	private static boolean isA(Throwable candidate, Collection<Class<? extends Throwable>> types) {
		for (Class<? extends Throwable> type : types) {
			if (type.isInstance(candidate)) {
				return true;
			}
		}
		return false;
	}

}
