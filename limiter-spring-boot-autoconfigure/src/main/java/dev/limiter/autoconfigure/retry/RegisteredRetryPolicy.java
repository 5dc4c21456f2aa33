package dev.limiter.autoconfigure.retry;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.limiter.core.TimeSource;
import dev.limiter.core.retry.RetryBudget;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;

/**
 * One policy in the {@link RetryPolicyRegistry}: its settings, the Spring Framework
 * {@link RetryPolicy} that decides which failures retry and how long to back off, its
 * retry budget, and how its calls ended.
 *
 * <p>
 * The types in {@code retry-on} and {@code ignore} are matched against the failure and
 * its causes here, through {@link FailureCauses}, and given to the {@link RetryPolicy} as
 * its predicate (with the user's predicate, if any), rather than as its {@code includes}
 * and {@code excludes}: Spring Framework 7.0 matches those by following
 * {@code getCause()} until {@code null}, which never ends on a failure whose causes form
 * a cycle.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RegisteredRetryPolicy {

	/**
	 * Failures never retried, whatever {@code retry-on} lists (even {@link Throwable}),
	 * also when they are the cause of another failure: the JVM has run out of memory or
	 * stack, or is broken ({@link VirtualMachineError}), or a class could not be loaded,
	 * linked or initialized ({@link LinkageError}). A retry cannot fix either, and
	 * retrying an {@link OutOfMemoryError} allocates more and delays the failure that
	 * lets the application be restarted.
	 */
	static final List<Class<? extends Throwable>> NEVER_RETRIED = List.of(VirtualMachineError.class,
			LinkageError.class);

	private final RetrySettings settings;

	private final RetryPolicy retryPolicy;

	private final RetryBudget budget;

	/**
	 * Calls by the way they ended, by {@link RetryOutcome#ordinal()}; striped, as every
	 * call adds to them from whichever thread it runs on.
	 */
	private final LongAdder[] outcomes = new LongAdder[RetryOutcome.values().length];

	private final LongAdder attempts = new LongAdder();

	RegisteredRetryPolicy(RetrySettings settings, @Nullable Predicate<Throwable> predicate, TimeSource timeSource) {
		this.settings = settings;
		List<Class<? extends Throwable>> excluded = Stream.concat(settings.ignore().stream(), NEVER_RETRIED.stream())
			.toList();
		List<Class<? extends Throwable>> included = settings.retryOn();
		// An Error is retried only if retry-on names a type it is itself (not through its
		// cause): an AssertionError wrapping an IllegalStateException is a bug, and the
		// default retry-on, Exception, must not retry it.
		Predicate<Throwable> byType = (failure) -> !FailureCauses.anyIsA(failure, excluded)
				&& FailureCauses.anyIsA(failure, included)
				&& (!(failure instanceof Error) || included.stream().anyMatch((type) -> type.isInstance(failure)));
		this.retryPolicy = RetryPolicy.builder()
			.maxRetries(settings.maxAttempts() - 1)
			.delay(settings.delay())
			.multiplier(settings.multiplier())
			.maxDelay(settings.maxDelay())
			.jitter(settings.jitter())
			.predicate((predicate != null) ? byType.and(predicate) : byType)
			.build();
		this.budget = new RetryBudget(settings.budgetRatio(), settings.budgetMinPerSecond(), timeSource);
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
	}

	/**
	 * Returns the policy's settings.
	 * @return the settings
	 */
	public RetrySettings settings() {
		return this.settings;
	}

	/**
	 * Returns the Spring Framework policy: which failures retry, and the back-off.
	 * @return the policy
	 */
	public RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * Returns the retry budget.
	 * @return the budget
	 */
	public RetryBudget budget() {
		return this.budget;
	}

	/**
	 * Returns how many calls ended one way.
	 * @param outcome the way
	 * @return the count
	 */
	public long count(RetryOutcome outcome) {
		return this.outcomes[outcome.ordinal()].sum();
	}

	/**
	 * Returns how many attempts were made in all, first attempts and retries.
	 * @return the count
	 */
	public long attempts() {
		return this.attempts.sum();
	}

	void recordAttempt() {
		this.attempts.increment();
	}

	void record(RetryOutcome outcome) {
		this.outcomes[outcome.ordinal()].increment();
	}

}
