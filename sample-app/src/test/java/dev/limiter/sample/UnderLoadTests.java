package dev.limiter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 250 parallel calls to an endpoint, over real HTTP on the system clock, leave the
 * application answering: health responds while they are in flight, and every one of them
 * gets an answer (served, 429 or 503), none hangs.
 *
 * @author The limiter authors
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnderLoadTests {

	private static final int CALLS = 250;

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@ParameterizedTest
	@ValueSource(strings = { "/stock", "/products/search", "/products/1/reviews", "/downstream/stock" })
	void healthAnswersWhile250CallsAreInFlight(String path) throws Exception {
		List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
		for (int call = 0; call < CALLS; call++) {
			calls.add(this.client.sendAsync(request(path), HttpResponse.BodyHandlers.discarding()));
		}
		long start = System.nanoTime();
		HttpResponse<String> health = this.client.send(request("/actuator/health"),
				HttpResponse.BodyHandlers.ofString());
		long healthMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(healthMillis).as("health's answer, in ms, with %d calls to %s in flight", CALLS, path)
			.isLessThan(3_000);
		for (CompletableFuture<HttpResponse<Void>> call : calls) {
			assertThat(call.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 429, 503);
		}
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

}
