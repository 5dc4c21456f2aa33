package dev.limiter.autoconfigure;

import java.util.concurrent.Executor;

import dev.limiter.core.TimeSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * What rate limiting and retry share: the {@code limiter.*} properties, the check that
 * every key under {@code limiter.} is one of them, the clock, and the scheduler that runs
 * asynchronous calls after a wait.
 *
 * <ul>
 * <li>Define your own {@link TimeSource} bean (a {@code ManualTimeSource} in tests) to
 * replace the system clock.</li>
 * <li>Asynchronous calls resume on an {@link Executor} bean named
 * {@value #TASK_EXECUTOR_BEAN_NAME} if there is one, else on Spring Boot's
 * {@code applicationTaskExecutor} (which uses virtual threads with
 * {@code spring.threads.virtual.enabled}); when neither exists (an application that
 * defines an {@code Executor} of its own under another name) a small pool of our own is
 * made under the first name.</li>
 * </ul>
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@EnableConfigurationProperties(LimiterProperties.class)
public final class LimiterAutoConfiguration {

	/**
	 * The name of the executor bean that asynchronous calls resume on, when the
	 * application defines one.
	 */
	public static final String TASK_EXECUTOR_BEAN_NAME = "limiterTaskExecutor";

	/** Spring Boot's executor, used when the application defines none for us. */
	static final String APPLICATION_TASK_EXECUTOR_BEAN_NAME = "applicationTaskExecutor";

	/**
	 * Static, as a bean factory post-processor must be, so that it runs before this
	 * configuration or any limiter bean is made.
	 */
	@Bean
	static UnknownPropertiesVerifier limiterUnknownPropertiesVerifier(Environment environment) {
		return new UnknownPropertiesVerifier(environment, KnownProperties.of("limiter", LimiterProperties.class));
	}

	@Bean
	@ConditionalOnMissingBean
	TimeSource limiterTimeSource() {
		return TimeSource.system();
	}

	@Bean
	@ConditionalOnMissingBean
	CallScheduler limiterCallScheduler(TimeSource timeSource, ListableBeanFactory beans) {
		String executor = beans.containsBean(TASK_EXECUTOR_BEAN_NAME) ? TASK_EXECUTOR_BEAN_NAME
				: APPLICATION_TASK_EXECUTOR_BEAN_NAME;
		return new CallScheduler(timeSource, beans.getBean(executor, Executor.class));
	}

	@Bean(name = TASK_EXECUTOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = { TASK_EXECUTOR_BEAN_NAME, APPLICATION_TASK_EXECUTOR_BEAN_NAME })
	ThreadPoolTaskExecutor limiterTaskExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("limiter-");
		executor.setCorePoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()));
		executor.setMaxPoolSize(executor.getCorePoolSize());
		executor.setDaemon(true);
		return executor;
	}

}
