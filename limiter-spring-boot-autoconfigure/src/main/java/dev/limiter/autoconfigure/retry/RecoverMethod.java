package dev.limiter.autoconfigure.retry;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The recover method of a {@code @Retried} method: found and checked once, at startup,
 * and called when retries are exhausted, the budget is empty, or a failure's
 * {@code Retry-After} is longer than {@code max-retry-after}.
 *
 * <p>
 * Candidates are the methods of the same name in the target class whose parameters are
 * the retried method's, optionally preceded by a {@link Throwable} type, and whose return
 * type fits. For a failure, the candidate with the most specific {@code Throwable}
 * parameter that accepts it wins, then one without a {@code Throwable} parameter; if none
 * accepts it, the failure propagates.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class RecoverMethod {

	private final List<Candidate> candidates;

	private RecoverMethod(List<Candidate> candidates) {
		this.candidates = candidates;
	}

	/**
	 * Finds the recover method of a retried method.
	 * @throws InvalidRetryPolicyException if no method of that name fits
	 */
	static RecoverMethod find(String name, Method retried, Class<?> targetClass, String source) {
		Class<?>[] parameters = retried.getParameterTypes();
		List<Candidate> candidates = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		ReflectionUtils.doWithMethods(targetClass, (method) -> {
			seen.add(method.toGenericString());
			if (fits(method, parameters, retried.getReturnType())) {
				ReflectionUtils.makeAccessible(method);
				boolean takesFailure = method.getParameterCount() > parameters.length;
				candidates.add(new Candidate(method, takesFailure ? method.getParameterTypes()[0] : null));
			}
		}, (method) -> method.getName().equals(name));
		if (candidates.isEmpty()) {
			throw new InvalidRetryPolicyException(source + ", attribute recover",
					seen.isEmpty() ? "there is no method named '" + name + "' in " + targetClass.getName()
							: "no method named '" + name + "' takes (" + describe(parameters)
									+ "), optionally preceded by the failure, and returns "
									+ retried.getReturnType().getSimpleName() + "; found " + seen,
					"Declare " + retried.getReturnType().getSimpleName() + " " + name + "("
							+ describe(parameters, "Throwable failure") + ") or " + name + "(" + describe(parameters)
							+ ") in the same class");
		}
		candidates.sort(Comparator.comparingInt(Candidate::specificity).reversed());
		return new RecoverMethod(List.copyOf(candidates));
	}

	/**
	 * Calls the recover method for a failure.
	 * @throws Throwable what the recover method throws
	 */
	@Nullable Object invoke(Object target, Object[] arguments, Throwable failure) throws Throwable {
		Candidate candidate = pick(failure);
		if (candidate == null) {
			throw failure;
		}
		Object[] recoverArguments = arguments;
		if (candidate.failureType() != null) {
			recoverArguments = new Object[arguments.length + 1];
			recoverArguments[0] = failure;
			System.arraycopy(arguments, 0, recoverArguments, 1, arguments.length);
		}
		try {
			return candidate.method().invoke(target, recoverArguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	private @Nullable Candidate pick(Throwable failure) {
		for (Candidate candidate : this.candidates) {
			if (candidate.failureType() == null || candidate.failureType().isInstance(failure)) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean fits(Method candidate, Class<?>[] parameters, Class<?> returnType) {
		Class<?>[] candidateParameters = candidate.getParameterTypes();
		boolean returns = ClassUtils.isAssignable(returnType, candidate.getReturnType());
		if (candidateParameters.length == parameters.length) {
			return returns && Arrays.equals(candidateParameters, parameters);
		}
		return returns && candidateParameters.length == parameters.length + 1
				&& Throwable.class.isAssignableFrom(candidateParameters[0])
				&& Arrays.equals(candidateParameters, 1, candidateParameters.length, parameters, 0, parameters.length);
	}

	/**
	 * Lists parameter types for messages, after any leading ones given as text, so that
	 * no separator dangles when a list is empty.
	 */
	private static String describe(Class<?>[] parameters, String... leading) {
		return Stream.concat(Arrays.stream(leading), Arrays.stream(parameters).map(Class::getSimpleName))
			.collect(Collectors.joining(", "));
	}

	/**
	 * A recover method, and the failure type it takes first, if it takes one.
	 */
	private record Candidate(Method method, @Nullable Class<?> failureType) {

		/** Deeper failure types first; a candidate without one last. */
		int specificity() {
			int depth = 0;
			for (Class<?> type = this.failureType; type != null; type = type.getSuperclass()) {
				depth++;
			}
			return depth;
		}

	}

}
