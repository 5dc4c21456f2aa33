package dev.limiter.benchmarks.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.limiter.autoconfigure.LimiterAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.limiter.autoconfigure.ratelimit.RateLimited;
import dev.limiter.autoconfigure.web.RateLimitWebAutoConfiguration;

import org.springframework.boot.Banner;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Responses per second over real HTTP on loopback, from a JDK {@link HttpClient} load
 * generator to an embedded Tomcat in the same JVM: the same trivial endpoint served
 * without a limit, under a limit admitting every call, and under one rejecting every call
 * with the 429 problem response. The three are run in turn, round after round, so drift
 * on this noisy machine touches each alike; every round is bounded in time, and the
 * number of requests in flight is bounded by the client threads.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.limiter.benchmarks.http.HttpLoad [rounds] [seconds] [clients] [paths]
 * }</pre>
 *
 * <p>
 * {@code paths} (comma-separated, default all three) runs fewer of them, to profile one.
 *
 * @author The limiter authors
 */
public final class HttpLoad {

	private static final String ALL_PATHS = "/plain,/admitted,/rejected";

	private HttpLoad() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		Duration perRound = Duration.ofSeconds((args.length > 1) ? Long.parseLong(args[1]) : 10);
		int clients = (args.length > 2) ? Integer.parseInt(args[2]) : 8;
		List<String> paths = List.of(((args.length > 3) ? args[3] : ALL_PATHS).split(","));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Server.class)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("server.port=0", "server.address=127.0.0.1", "limiter.rate-limits.open.rate=1e9",
					"limiter.rate-limits.closed.rate=1e-9", "logging.level.root=warn")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(2))
				.build();
			Map<String, List<Double>> perSecond = new LinkedHashMap<>();
			Map<String, List<Double>> serverCpu = new LinkedHashMap<>();
			// one short round of each first: warms the JIT and the connections
			for (String path : paths) {
				run(client, port, path, Duration.ofSeconds(5), clients);
			}
			for (int round = 0; round < rounds; round++) {
				for (String path : paths) {
					Result result = run(client, port, path, perRound, clients);
					perSecond.computeIfAbsent(path, (key) -> new ArrayList<>()).add(result.perSecond());
					serverCpu.computeIfAbsent(path, (key) -> new ArrayList<>())
						.add(result.serverCpuMicrosPerResponse());
					System.out.printf(Locale.ROOT,
							"round %d %-10s %,10.0f responses/s  %6.1f µs server CPU per response  statuses %s%n",
							round + 1, path, result.perSecond(), result.serverCpuMicrosPerResponse(),
							result.statuses());
				}
			}
			report("responses/s", perSecond, paths);
			report("µs server CPU per response", serverCpu, paths);
			System.out.printf(Locale.ROOT, "%d rounds of %d s per endpoint, %d client threads, Java %s%n", rounds,
					perRound.toSeconds(), clients, Runtime.version());
		}
	}

	private static Result run(HttpClient client, int port, String path, Duration duration, int clients)
			throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5))
			.build();
		LongAdder responses = new LongAdder();
		Map<Integer, LongAdder> statuses = new ConcurrentSkipListMap<>();
		long serverCpuBefore = serverCpuNanos();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				workers.add(pool.submit(() -> {
					while (System.nanoTime() < deadline) {
						HttpResponse<byte[]> response = send(client, request);
						responses.increment();
						statuses.computeIfAbsent(response.statusCode(), (status) -> new LongAdder()).increment();
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(duration.toSeconds() + 30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long serverCpu = serverCpuNanos() - serverCpuBefore;
		Map<Integer, Long> counts = new LinkedHashMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.sum()));
		return new Result(responses.sum() / seconds, serverCpu / 1e3 / responses.sum(), counts);
	}

	private static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) throws IOException {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void report(String unit, Map<String, List<Double>> values, List<String> paths) {
		List<Double> plain = values.getOrDefault("/plain", values.get(paths.get(0)));
		for (String path : paths) {
			List<Double> measured = values.get(path);
			double[] ratios = new double[measured.size()];
			for (int i = 0; i < ratios.length; i++) {
				ratios[i] = measured.get(i) / plain.get(i);
			}
			System.out.printf(Locale.ROOT, "%-10s median %,10.1f %s; against /plain, round by round: %s%n", path,
					median(measured.stream().mapToDouble(Double::doubleValue).toArray()), unit, ratiosText(ratios));
		}
	}

	private static String ratiosText(double[] ratios) {
		StringBuilder text = new StringBuilder();
		for (double ratio : ratios) {
			text.append(String.format(Locale.ROOT, "%.2f ", ratio));
		}
		return text.append(String.format(Locale.ROOT, "(median %.2f)", median(ratios.clone()))).toString();
	}

	private static double median(double[] values) {
		Arrays.sort(values);
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	/**
	 * The CPU time Tomcat's threads have used so far: what the server paid, apart from
	 * the client sharing its cores.
	 */
	private static long serverCpuNanos() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().startsWith("http-nio-")) {
				total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
			}
		}
		return total;
	}

	private record Result(double perSecond, double serverCpuMicrosPerResponse, Map<Integer, Long> statuses) {
	}

	/** The server: Spring MVC on Tomcat, the limiter, and three endpoints. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			ErrorMvcAutoConfiguration.class, LimiterAutoConfiguration.class, RateLimitAutoConfiguration.class,
			RateLimitWebAutoConfiguration.class })
	static class Server {

		@Bean
		Endpoints endpoints() {
			return new Endpoints();
		}

	}

	/** The same trivial answer three ways. */
	@RestController
	static class Endpoints {

		@GetMapping("/plain")
		String plain() {
			return "ok";
		}

		@GetMapping("/admitted")
		@RateLimited("open")
		String admitted() {
			return "ok";
		}

		@GetMapping("/rejected")
		@RateLimited("closed")
		String rejected() {
			return "ok";
		}

	}

}
