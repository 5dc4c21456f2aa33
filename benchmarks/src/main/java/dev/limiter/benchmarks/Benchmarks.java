package dev.limiter.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.stream.Stream;

import redis.embedded.RedisServer;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the benchmarks set up alike: a quiet Spring Boot context and a real Redis.
 *
 * @author The limiter authors
 */
final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * Starts a non-web Spring Boot context that logs only warnings.
	 * @param configuration the context's configuration class
	 * @param properties its properties, {@code name=value}
	 * @return the running context
	 */
	static ConfigurableApplicationContext context(Class<?> configuration, String... properties) {
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(Stream.concat(Arrays.stream(properties), Stream.of("logging.level.root=warn"))
				.toArray(String[]::new))
			.run();
	}

	/**
	 * Starts a {@code redis-server} (the binary bundled in embedded-redis) on a free
	 * loopback port, keeping nothing on disk.
	 * @return the running server; {@code ports().get(0)} is its port
	 * @throws IOException if it cannot start
	 */
	static RedisServer redis() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		RedisServer server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		server.start();
		return server;
	}

}
