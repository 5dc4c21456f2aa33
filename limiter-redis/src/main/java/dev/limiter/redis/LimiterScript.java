package dev.limiter.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.limiter.core.Durations;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * The rate limit script ({@code prelude.lua}, {@code bursty.lua}, {@code warming-up.lua}
 * and {@code limiter.lua}, joined), run on the application's Lettuce connection within a
 * command timeout of its own: EVALSHA, and EVAL once on NOSCRIPT (a Redis restarted
 * empty, or a new one), as Spring Data Redis does.
 *
 * <p>
 * The command is sent asynchronously and awaited for at most the timeout, shared by
 * EVALSHA and a following EVAL, so no caller waits longer, whatever the connection's own
 * timeout (which serves the application's other Redis commands). A command that timed out
 * may still run in Redis later (after a pause, say): its permits are then taken without
 * the call having had them, which errs on the strict side.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class LimiterScript {

	private static final String SOURCE = resource("prelude.lua") + resource("bursty.lua") + resource("warming-up.lua")
			+ resource("limiter.lua");

	private static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);

	private final LettuceConnectionFactory connections;

	private final long timeoutNanos;

	private final String sha;

	/** The script's source, for {@code SCRIPT LOAD}. */
	static byte[] source() {
		return SOURCE_BYTES.clone();
	}

	LimiterScript(LettuceConnectionFactory connections, Duration commandTimeout) {
		this.connections = Objects.requireNonNull(connections, "connections must not be null");
		if (commandTimeout.isNegative() || commandTimeout.isZero()) {
			throw new IllegalArgumentException("commandTimeout (" + commandTimeout + ") must be positive");
		}
		this.timeoutNanos = Durations.toNanosSaturated(commandTimeout);
		this.sha = new DefaultRedisScript<>(SOURCE).getSha1();
	}

	/**
	 * Runs the script.
	 * @param keys its keys
	 * @param args its arguments
	 * @return its answer: integers as {@link Long}s, strings as {@link String}s
	 * @throws DataAccessException if Redis cannot be reached, fails, or does not answer
	 * within the command timeout
	 */
	List<Object> run(byte[][] keys, byte[]... args) {
		// an interrupt would fail a reconnection as if Redis were down: it is kept
		// for the caller (the wait is bounded by the timeout anyway)
		boolean interrupted = Thread.interrupted();
		try {
			return runUninterrupted(keys, args);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private List<Object> runUninterrupted(byte[][] keys, byte[]... args) {
		long deadline = System.nanoTime() + this.timeoutNanos;
		RedisConnection connection = this.connections.getConnection();
		try {
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			try {
				return answer(await(commands.evalsha(this.sha, ScriptOutputType.MULTI, keys, args), deadline));
			}
			catch (RedisNoScriptException ex) {
				return answer(await(commands.eval(SOURCE_BYTES, ScriptOutputType.MULTI, keys, args), deadline));
			}
		}
		catch (RuntimeException ex) {
			throw translated(ex);
		}
		finally {
			connection.close();
		}
	}

	/**
	 * Waits for the answer until the deadline, not interruptibly (the wait is bounded by
	 * the command timeout; an interrupt is kept for the caller).
	 */
	private <T> T await(RedisFuture<T> answer, long deadline) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					throw (ex.getCause() instanceof RuntimeException failure) ? failure
							: new RedisSystemException("The rate limit script failed", ex.getCause());
				}
				catch (TimeoutException ex) {
					answer.cancel(false);
					throw new QueryTimeoutException("Redis did not answer the rate limit script within "
							+ Duration.ofNanos(this.timeoutNanos) + " (limiter.redis.command-timeout)", ex);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private DataAccessException translated(RuntimeException failure) {
		if (failure instanceof DataAccessException translated) {
			return translated;
		}
		DataAccessException translated = this.connections.translateExceptionIfPossible(failure);
		return (translated != null) ? translated : new RedisSystemException(failure.getMessage(), failure);
	}

	private static List<Object> answer(Object answer) {
		if (!(answer instanceof List<?> values) || values.isEmpty()) {
			throw new RedisSystemException("Redis answered " + answer + " to the rate limit script", null);
		}
		List<Object> decoded = new ArrayList<>(values.size());
		for (Object value : values) {
			decoded.add((value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : value);
		}
		return decoded;
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String resource(String name) {
		try (InputStream in = LimiterScript.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
