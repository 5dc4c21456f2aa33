package dev.limiter.sample;

import java.util.List;

import dev.limiter.autoconfigure.ratelimit.RateLimited;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The partner API: one limit per API key, so one partner's burst is rejected while the
 * others are served.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class PartnerController {

	private final Catalog catalog;

	PartnerController(Catalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/partner/products")
	@RateLimited(name = "partner", key = "#request.getHeader('X-Api-Key') ?: 'anonymous'")
	List<Catalog.Product> products() {
		return this.catalog.all();
	}

}
