package dev.limiter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import dev.limiter.core.ManualTimeSource;
import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real {@code redis-server} for the tests of a class: the binary bundled in the
 * embedded-redis jar (Redis 6.2), started on a free loopback port before the tests and
 * stopped after, so that nothing needs installing. Register it with
 * {@code @RegisterExtension static final RealRedis redis = new RealRedis();}.
 *
 * @author The limiter authors
 */
public final class RealRedis implements BeforeAllCallback, AfterAllCallback {

	/** The channel the stores announce changes on. */
	public static final String CHANGES = "limiter:changes";

	/** The connection's command timeout, and the stores'. */
	public static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);

	private RedisServer server;

	private LettuceConnectionFactory connections;

	private StringRedisTemplate template;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		int port = freePort();
		this.server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.server.start();
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				clientConfiguration());
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.template = new StringRedisTemplate(this.connections);
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.connections != null) {
			this.connections.destroy();
		}
		if (this.server != null) {
			this.server.stop();
		}
	}

	/**
	 * Returns the client configuration an application should use for rate limits: a short
	 * command timeout (200 ms), and commands refused at once while disconnected instead
	 * of queued.
	 * @return the configuration
	 */
	public static LettuceClientConfiguration clientConfiguration() {
		return LettuceClientConfiguration.builder()
			.commandTimeout(COMMAND_TIMEOUT)
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
	}

	/**
	 * Stops the server, as an outage.
	 * @throws IOException if it cannot be stopped
	 */
	public void stop() throws IOException {
		this.server.stop();
	}

	/**
	 * Starts the server again, empty, and drops the connection the outage broke, so that
	 * the next command connects again at once rather than when Lettuce's reconnection
	 * backs off to it.
	 * @throws IOException if it cannot be started
	 */
	public void start() throws IOException {
		if (!this.server.isActive()) {
			this.server.start();
		}
		this.connections.resetConnection();
		awaitAnswer();
	}

	/**
	 * Waits until the server answers again (after a {@code CLIENT PAUSE}, say), for at
	 * most ten seconds: a readiness check between tests, not a timing assertion.
	 */
	private void awaitAnswer() {
		RuntimeException last = null;
		for (int attempt = 0; attempt < 50; attempt++) {
			try {
				this.template.execute((RedisCallback<String>) RedisConnectionCommands::ping);
				return;
			}
			catch (RuntimeException ex) {
				// each try waits up to the command timeout
				last = ex;
				this.connections.resetConnection();
			}
		}
		throw new IllegalStateException("Redis does not answer", last);
	}

	/**
	 * Returns the server's port.
	 * @return the port
	 */
	public int port() {
		return this.server.ports().get(0);
	}

	/**
	 * Returns a store on the server whose script runs on the test's clock, so that
	 * decisions are exact; its command timeout is the connection's (200 ms).
	 * @param time the test's clock
	 * @param availability whether Redis answers
	 * @param outagePolicy what calls get while it does not
	 * @return the store
	 */
	public RedisStore store(ManualTimeSource time, RedisAvailability availability, OutagePolicy outagePolicy) {
		return store(this.connections, time, availability, outagePolicy);
	}

	/**
	 * Returns a store on a connection whose script runs on the test's clock.
	 * @param connections the connection
	 * @param time the test's clock
	 * @param availability whether Redis answers
	 * @param outagePolicy what calls get while it does not
	 * @return the store
	 */
	public static RedisStore store(LettuceConnectionFactory connections, ManualTimeSource time,
			RedisAvailability availability, OutagePolicy outagePolicy) {
		return new RedisStore(connections, COMMAND_TIMEOUT, time, availability, outagePolicy, CHANGES,
				() -> time.nanoTime() / 1000);
	}

	/**
	 * Returns the server's connection factory.
	 * @return the connections
	 */
	public LettuceConnectionFactory connections() {
		return this.connections;
	}

	/**
	 * Returns how many scripts the server has run (EVALSHA and EVAL), from
	 * {@code INFO commandstats}: the round trips of rate limit decisions.
	 * @return the count
	 */
	public long scriptCalls() {
		String stats = String.valueOf(this.template
			.execute((RedisCallback<Object>) (connection) -> connection.serverCommands().info("commandstats")));
		long calls = 0;
		for (String command : java.util.List.of("cmdstat_evalsha=", "cmdstat_eval=")) {
			int at = stats.indexOf(command);
			if (at >= 0) {
				int start = stats.indexOf("calls=", at) + "calls=".length();
				calls += Long.parseLong(stats.substring(start, stats.indexOf(',', start)));
			}
		}
		return calls;
	}

	/**
	 * Returns how many connections are subscribed to a channel ({@code PUBSUB NUMSUB}).
	 * @param channel the channel
	 * @return the count
	 */
	public long subscribers(String channel) {
		try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + port());
				io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
		}
	}

	/**
	 * Returns a template on the server.
	 * @return the template
	 */
	public StringRedisTemplate template() {
		return this.template;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
