package dev.limiter.autoconfigure;

import java.util.Map;
import java.util.function.UnaryOperator;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A thread's context, captured to be carried to the thread that runs the rest of its
 * call: the current request's attributes (Spring Web), the MDC (SLF4J), and everything
 * Micrometer's context-propagation library knows how to carry (for example Spring
 * Security's context, which registers itself with it), each only when its library is on
 * the class path. It is restored around each task it wraps, then the target thread's own
 * values are put back.
 *
 * <p>
 * Capture it on the caller's thread, once per call: an asynchronous retry is scheduled
 * from whichever thread completed the failed attempt's stage, whose context is not the
 * caller's.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class CallContext {

	private static final ClassLoader LOADER = CallContext.class.getClassLoader();

	private static final boolean WEB = ClassUtils
		.isPresent("org.springframework.web.context.request.RequestContextHolder", LOADER);

	private static final boolean SLF4J = ClassUtils.isPresent("org.slf4j.MDC", LOADER);

	private static final boolean CONTEXT_PROPAGATION = ClassUtils
		.isPresent("io.micrometer.context.ContextSnapshotFactory", LOADER);

	private final UnaryOperator<Runnable> restore;

	private CallContext(UnaryOperator<Runnable> restore) {
		this.restore = restore;
	}

	/**
	 * Captures the calling thread's context.
	 * @return the context
	 */
	public static CallContext capture() {
		UnaryOperator<Runnable> restore = UnaryOperator.identity();
		if (CONTEXT_PROPAGATION) {
			restore = then(restore, Micrometer.capture());
		}
		if (SLF4J) {
			restore = then(restore, Slf4j.capture());
		}
		if (WEB) {
			restore = then(restore, Web.capture());
		}
		return new CallContext(restore);
	}

	private static UnaryOperator<Runnable> then(UnaryOperator<Runnable> inner, UnaryOperator<Runnable> outer) {
		return (task) -> outer.apply(inner.apply(task));
	}

	/**
	 * Returns {@code task} running with this context.
	 * @param task the task
	 * @return the task, restoring this context around it
	 */
	Runnable wrap(Runnable task) {
		return this.restore.apply(task);
	}

	private static final class Web {

		static UnaryOperator<Runnable> capture() {
			RequestAttributes captured = RequestContextHolder.getRequestAttributes();
			if (captured == null) {
				return UnaryOperator.identity();
			}
			return (task) -> () -> {
				RequestAttributes previous = RequestContextHolder.getRequestAttributes();
				RequestContextHolder.setRequestAttributes(captured);
				try {
					task.run();
				}
				finally {
					RequestContextHolder.setRequestAttributes(previous);
				}
			};
		}

	}

	private static final class Slf4j {

		static UnaryOperator<Runnable> capture() {
			Map<String, String> captured = MDC.getCopyOfContextMap();
			return (task) -> () -> {
				Map<String, String> previous = MDC.getCopyOfContextMap();
				set(captured);
				try {
					task.run();
				}
				finally {
					set(previous);
				}
			};
		}

		private static void set(@Nullable Map<String, String> context) {
			if (context == null) {
				MDC.clear();
			}
			else {
				MDC.setContextMap(context);
			}
		}

	}

	private static final class Micrometer {

		private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

		static UnaryOperator<Runnable> capture() {
			ContextSnapshot captured = SNAPSHOTS.captureAll();
			return captured::wrap;
		}

	}

}
