package dev.limiter.sample;

import java.time.Duration;

import dev.limiter.autoconfigure.retry.Retried;

import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls the flaky downstream over HTTP, with timeouts (0.5 s to connect, 2 s to answer)
 * so that a stuck downstream cannot hold a request thread for long.
 * {@code @Retried("inventory")} retries its failures, waiting as long as the downstream's
 * {@code Retry-After} says; when retries run out, or the retry budget is empty,
 * {@link #cachedStock(RestClientException)} answers instead.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Service
public class InventoryClient {

	private final Environment environment;

	private final RestClient client;

	InventoryClient(Environment environment) {
		this.environment = environment;
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofMillis(500));
		requests.setReadTimeout(Duration.ofSeconds(2));
		this.client = RestClient.builder().requestFactory(requests).build();
	}

	@Retried(name = "inventory", recover = "cachedStock")
	public String stock() {
		// the server's own port, known once it has started
		String port = this.environment.getProperty("local.server.port", "8080");
		return "in stock: "
				+ this.client.get().uri("http://localhost:" + port + "/downstream/stock").retrieve().body(String.class);
	}

	String cachedStock(RestClientException failure) {
		return "in stock (cached, downstream unavailable: " + failure.getMessage() + ")";
	}

}
