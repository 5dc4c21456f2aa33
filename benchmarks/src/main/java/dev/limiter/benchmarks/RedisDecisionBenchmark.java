package dev.limiter.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.limiter.core.RateLimiter;
import dev.limiter.core.RateLimiterConfig;
import dev.limiter.core.TimeSource;
import dev.limiter.redis.OutagePolicy;
import dev.limiter.redis.RedisAvailability;
import dev.limiter.redis.RedisRateLimiter;
import dev.limiter.redis.RedisStore;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One Redis-backed rate limit decision, against a real {@code redis-server} on loopback
 * (the binary bundled in embedded-redis, started by the benchmark), for limiter and its
 * baselines on one Redis in one run:
 * <ul>
 * <li>{@code rawEvalsha}: Lettuce's synchronous EVALSHA of a one-line script
 * ({@code return 1}), the round-trip floor of any script-based limiter;</li>
 * <li>{@code rawEvalshaOfTheLimiterScript}: the same, of limiter's own script and
 * arguments for a permitted decision: what Redis spends on it;</li>
 * <li>{@code springNativeEvalsha}: the trivial script through Spring's connection
 * factory, as limiter takes it (a connection per call, the asynchronous command, a
 * bounded wait): what that path adds;</li>
 * <li>{@code limiterPermitted}, {@code bucket4jPermitted}: a rate no caller reaches
 * (10<sup>6</sup> per second, a one-second window for both), so every call is granted and
 * writes;</li>
 * <li>{@code limiterRejected}, {@code bucket4jRejected}: one permit per 1,000 s, taken,
 * so every call is denied; limiter repeats a rejection Redis answered locally.</li>
 * </ul>
 * Bucket4j is its Lettuce proxy manager (compare-and-swap, its only Lettuce mode). Run
 * with {@code -bm sample} for p50 and p99 on one thread, and with {@code -t 50 -bm thrpt}
 * for decisions per second under 50 concurrent callers (to set against
 * {@code redis-benchmark -c 50} on the same machine).
 *
 * @author The limiter authors
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisDecisionBenchmark {

	private static final double UNREACHABLE_RATE = 1_000_000;

	private static final double ONE_PER_1000_SECONDS = 0.001;

	@State(Scope.Benchmark)
	public static class Redis {

		RedisServer server;

		LettuceConnectionFactory connections;

		RedisClient client;

		StatefulRedisConnection<byte[], byte[]> raw;

		RedisCommands<byte[], byte[]> rawCommands;

		String trivialSha;

		byte[][] trivialKeys = { bytes("raw") };

		String limiterSha;

		byte[][] limiterKeys = { bytes("bench:{script}:shared"), bytes("bench:{script}:rate") };

		byte[][] limiterArgs = { bytes("reserve"), bytes(""), bytes("0"), bytes("1"), bytes("b"),
				bytes(Double.toString(UNREACHABLE_RATE)), bytes("1000000000"), bytes("") };

		RateLimiter limiterPermitted;

		RateLimiter limiterRejected;

		Bucket bucket4jPermitted;

		Bucket bucket4jRejected;

		@Setup
		public void setUp() throws IOException {
			this.server = Benchmarks.redis();
			int port = this.server.ports().get(0);
			this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
			this.connections.afterPropertiesSet();
			this.connections.start();
			RedisStore store = new RedisStore(this.connections, Duration.ofMillis(100), TimeSource.system(),
					new RedisAvailability(TimeSource.system(), Duration.ofSeconds(1)), OutagePolicy.DENY,
					"bench:changes");
			this.limiterPermitted = store.limiter("bench:{permitted}:shared", "bench:{permitted}:rate",
					RateLimiterConfig.bursty(UNREACHABLE_RATE, Duration.ofSeconds(1)));
			RedisRateLimiter rejected = store.limiter("bench:{rejected}:shared", "bench:{rejected}:rate",
					RateLimiterConfig.bursty(ONE_PER_1000_SECONDS, Duration.ZERO));
			rejected.tryAcquire();
			this.limiterRejected = rejected;

			this.client = RedisClient.create("redis://127.0.0.1:" + port);
			this.raw = this.client.connect(ByteArrayCodec.INSTANCE);
			this.rawCommands = this.raw.sync();
			this.trivialSha = this.rawCommands.scriptLoad(bytes("return 1"));
			this.limiterSha = this.rawCommands.scriptLoad(limiterScript());
			LettuceBasedProxyManager<byte[]> buckets = Bucket4jLettuce.casBasedBuilder(this.raw).build();
			this.bucket4jPermitted = buckets.builder()
				.build(bytes("bucket4j:permitted"),
						() -> BucketConfiguration.builder()
							.addLimit(Bandwidth.builder()
								.capacity((long) UNREACHABLE_RATE)
								.refillGreedy((long) UNREACHABLE_RATE, Duration.ofSeconds(1))
								.build())
							.build());
			this.bucket4jRejected = buckets.builder()
				.build(bytes("bucket4j:rejected"),
						() -> BucketConfiguration.builder()
							.addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofSeconds(1000)).build())
							.build());
			this.bucket4jRejected.tryConsume(1);
		}

		@TearDown
		public void tearDown() throws IOException {
			this.raw.close();
			this.client.shutdown();
			this.connections.destroy();
			this.server.stop();
		}

		private static byte[] limiterScript() throws IOException {
			StringBuilder source = new StringBuilder();
			for (String part : new String[] { "prelude.lua", "bursty.lua", "warming-up.lua", "limiter.lua" }) {
				try (java.io.InputStream in = RedisStore.class.getResourceAsStream(part)) {
					source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
				}
			}
			return bytes(source.toString());
		}

		private static byte[] bytes(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

	}

	@Benchmark
	public Object rawEvalsha(Redis redis) {
		return redis.rawCommands.evalsha(redis.trivialSha, ScriptOutputType.INTEGER, redis.trivialKeys);
	}

	@Benchmark
	public Object rawEvalshaOfTheLimiterScript(Redis redis) {
		return redis.rawCommands.evalsha(redis.limiterSha, ScriptOutputType.MULTI, redis.limiterKeys,
				redis.limiterArgs);
	}

	@Benchmark
	public Object springNativeEvalsha(Redis redis) throws Exception {
		try (org.springframework.data.redis.connection.RedisConnection connection = redis.connections.getConnection()) {
			@SuppressWarnings("unchecked")
			io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<byte[], byte[]> commands = (io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			return commands.evalsha(redis.trivialSha, ScriptOutputType.INTEGER, redis.trivialKeys)
				.get(100, TimeUnit.MILLISECONDS);
		}
	}

	@Benchmark
	public boolean limiterPermitted(Redis redis) {
		return redis.limiterPermitted.tryAcquire();
	}

	@Benchmark
	public boolean limiterRejected(Redis redis) {
		return redis.limiterRejected.tryAcquire();
	}

	@Benchmark
	public boolean bucket4jPermitted(Redis redis) {
		return redis.bucket4jPermitted.tryConsume(1);
	}

	@Benchmark
	public boolean bucket4jRejected(Redis redis) {
		return redis.bucket4jRejected.tryConsume(1);
	}

}
