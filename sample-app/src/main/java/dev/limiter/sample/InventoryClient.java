package dev.limiter.sample;

import dev.limiter.autoconfigure.retry.Retried;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls the flaky downstream over HTTP. {@code @Retried("inventory")} retries its
 * failures, waiting as long as the downstream's {@code Retry-After} says; when retries
 * run out, or the retry budget is empty, {@link #cachedStock(RestClientException)}
 * answers instead.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Service
public class InventoryClient {

	private final Environment environment;

	InventoryClient(Environment environment) {
		this.environment = environment;
	}

	@Retried(name = "inventory", recover = "cachedStock")
	public String stock() {
		// The server's own port, known once it has started.
		String port = this.environment.getProperty("local.server.port", "8080");
		return "in stock: " + RestClient.create("http://localhost:" + port)
			.get()
			.uri("/downstream/stock")
			.retrieve()
			.body(String.class);
	}

	String cachedStock(RestClientException failure) {
		return "in stock (cached, downstream unavailable: " + failure.getMessage() + ")";
	}

}
