package dev.limiter.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.limiter.autoconfigure.ratelimit.RateLimited;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The catalogue API, one kind of rate limit per endpoint; the limits are in
 * {@code application.yml}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
@RequestMapping("/products")
class CatalogController {

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * A warming-up limit: cold, it admits a third of its rate, and speeds up as it is
	 * used.
	 */
	@GetMapping("/search")
	@RateLimited("search")
	List<Catalog.Product> search(@RequestParam(defaultValue = "") String q) {
		return this.catalog.search(q);
	}

	/**
	 * One limit per client address.
	 */
	@GetMapping("/{id}")
	@RateLimited(name = "per-client", key = "#request.remoteAddr")
	Catalog.Product product(@PathVariable long id) {
		return this.catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/**
	 * Paced: a call waits up to 2 s for its permit instead of being rejected. The method
	 * is asynchronous, so a waiting call holds no request thread.
	 */
	@GetMapping("/{id}/reviews")
	@RateLimited("paced")
	CompletableFuture<List<String>> reviews(@PathVariable long id) {
		return CompletableFuture.completedFuture(List.of("Does what it says.", "Bright enough to read by."));
	}

	/**
	 * A weighted call: an export costs 5 permits of a 10-per-minute limit.
	 */
	@PostMapping("/export")
	@RateLimited(name = "export", permits = 5)
	List<Catalog.Product> export() {
		return this.catalog.all();
	}

}
