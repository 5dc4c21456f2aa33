package dev.limiter.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitExceededException;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.redis.RateLimitRedisAutoConfiguration;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The annotation path with the limits in Redis, in a real Spring Boot context (Spring
 * Boot's Redis auto-configuration, the limiter's), against a real {@code redis-server} on
 * loopback (the binary bundled in embedded-redis, started by the benchmark), in one run
 * with its floor:
 * <ul>
 * <li>{@code rawEvalsha}: Lettuce's synchronous EVALSHA of {@code return 1}, the round
 * trip any script-based decision pays;</li>
 * <li>{@code permitted}: a {@code @RateLimited} call admitted by Redis (10<sup>6</sup>
 * per second, never reached);</li>
 * <li>{@code rejected}: one refused by a limit that Redis said is spent for 1,000 s,
 * answered from the local certainty without a round trip, against
 * {@code rejectedInMemory}, the same limit kept in memory.</li>
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RedisAnnotationPath
 * }</pre>
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RedisAnnotationPathBenchmark {

	private RedisServer server;

	private ConfigurableApplicationContext context;

	private Catalogue limited;

	private RedisClient client;

	private StatefulRedisConnection<byte[], byte[]> raw;

	private RedisCommands<byte[], byte[]> rawCommands;

	private String trivialSha;

	private final byte[][] trivialKeys = { "raw".getBytes(StandardCharsets.UTF_8) };

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.server = Benchmarks.redis();
		int port = this.server.ports().get(0);
		this.context = Benchmarks.context(Config.class, "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + port, "limiter.rate-limit-defaults.store=redis",
				"limiter.rate-limits.open.rate=1e6", "limiter.rate-limits.closed.rate=0.001",
				"limiter.rate-limits.closed.max-burst=0s", "limiter.rate-limits.closedInMemory.rate=0.001",
				"limiter.rate-limits.closedInMemory.max-burst=0s", "limiter.rate-limits.closedInMemory.store=memory");
		this.limited = this.context.getBean(Catalogue.class);
		takeTheOnlyPermits();
		this.client = RedisClient.create("redis://127.0.0.1:" + port);
		this.raw = this.client.connect(ByteArrayCodec.INSTANCE);
		this.rawCommands = this.raw.sync();
		this.trivialSha = this.rawCommands.scriptLoad("return 1".getBytes(StandardCharsets.UTF_8));
	}

	private void takeTheOnlyPermits() {
		for (Runnable call : new Runnable[] { () -> this.limited.closed(1), () -> this.limited.closedInMemory(1) }) {
			try {
				call.run();
				call.run();
			}
			catch (RateLimitExceededException expected) {
				// spent: every later call is refused
			}
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws IOException {
		this.raw.close();
		this.client.shutdown();
		this.context.close();
		this.server.stop();
	}

	@Benchmark
	public Object rawEvalsha() {
		return this.rawCommands.evalsha(this.trivialSha, ScriptOutputType.INTEGER, this.trivialKeys);
	}

	@Benchmark
	public long permitted() {
		return this.limited.open(42);
	}

	@Benchmark
	public Object rejected() {
		try {
			return this.limited.closed(42);
		}
		catch (RateLimitExceededException ex) {
			return ex;
		}
	}

	@Benchmark
	public Object rejectedInMemory() {
		try {
			return this.limited.closedInMemory(42);
		}
		catch (RateLimitExceededException ex) {
			return ex;
		}
	}

	/** Spring Boot's Redis auto-configuration, the limiter's, and one bean. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, LimiterAutoConfiguration.class,
			RateLimitRedisAutoConfiguration.class, RateLimitAutoConfiguration.class })
	static class Config {

		@Bean
		Catalogue catalogue() {
			return new Catalogue();
		}

	}

	/** A bean whose limits are in Redis, but one. */
	public static class Catalogue {

		@RateLimited("open")
		public long open(long id) {
			return id + 1;
		}

		@RateLimited("closed")
		public long closed(long id) {
			return id + 1;
		}

		@RateLimited("closedInMemory")
		public long closedInMemory(long id) {
			return id + 1;
		}

	}

}
