package dev.limiter.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import redis.embedded.RedisServer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * With the {@code embedded-redis} profile, starts a real {@code redis-server} (a binary
 * inside the embedded-redis jar: nothing to install) on {@code spring.data.redis.port},
 * unless one answers there already: the first of two demo instances starts it, the second
 * finds it. For the demo only; use your own Redis otherwise.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Component
@Profile("embedded-redis")
class DemoRedisServer implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DemoRedisServer.class);

	private final RedisServer server;

	DemoRedisServer(@Value("${spring.data.redis.port:6379}") int port) throws IOException {
		if (listening(port)) {
			logger.info("A Redis already listens on localhost:" + port + "; using it");
			this.server = null;
			return;
		}
		RedisServer server = RedisServer.newRedisServer()
			.port(port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		try {
			server.start();
		}
		catch (IOException ex) {
			// two instances started together both found the port free: one started its
			// server, the other finds it once it listens
			if (!listensWithin(port, Duration.ofSeconds(5))) {
				throw ex;
			}
			logger.info("Another instance started a Redis on localhost:" + port + "; using it");
			this.server = null;
			return;
		}
		this.server = server;
		logger.info("Started a demo redis-server on localhost:" + port + "; it stops with this instance");
	}

	private static boolean listensWithin(int port, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (System.nanoTime() < deadline) {
			if (listening(port)) {
				return true;
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
		return listening(port);
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void destroy() throws IOException {
		if (this.server != null) {
			this.server.stop();
		}
	}

}
