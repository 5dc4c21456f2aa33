package dev.limiter.autoconfigure;

import java.util.Map;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Carries a thread's context to the thread that runs the rest of its call: the current
 * request's attributes (Spring Web), the MDC (SLF4J), and everything Micrometer's
 * context-propagation library knows how to carry (for example Spring Security's context,
 * which registers itself with it), each only when its library is on the class path.
 * Values are captured when the task is made and restored around it, then the target
 * thread's own values are put back.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class CallContext {

	private static final ClassLoader LOADER = CallContext.class.getClassLoader();

	private static final boolean WEB = ClassUtils
		.isPresent("org.springframework.web.context.request.RequestContextHolder", LOADER);

	private static final boolean SLF4J = ClassUtils.isPresent("org.slf4j.MDC", LOADER);

	private static final boolean CONTEXT_PROPAGATION = ClassUtils
		.isPresent("io.micrometer.context.ContextSnapshotFactory", LOADER);

	private CallContext() {
	}

	/**
	 * Captures the calling thread's context and returns {@code task} running with it.
	 */
	static Runnable capture(Runnable task) {
		Runnable carried = task;
		if (CONTEXT_PROPAGATION) {
			carried = Micrometer.capture(carried);
		}
		if (SLF4J) {
			carried = Slf4j.capture(carried);
		}
		if (WEB) {
			carried = Web.capture(carried);
		}
		return carried;
	}

	private static final class Web {

		static Runnable capture(Runnable task) {
			RequestAttributes captured = RequestContextHolder.getRequestAttributes();
			if (captured == null) {
				return task;
			}
			return () -> {
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

		static Runnable capture(Runnable task) {
			Map<String, String> captured = MDC.getCopyOfContextMap();
			return () -> {
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

		static Runnable capture(Runnable task) {
			ContextSnapshot captured = SNAPSHOTS.captureAll();
			return captured.wrap(task);
		}

	}

}
