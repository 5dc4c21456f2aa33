package dev.limiter.sample;

import dev.limiter.autoconfigure.concurrency.ConcurrencyLimited;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows a call to a flaky downstream that succeeds through retries, under a cap on calls
 * in flight: the retries make it slow, and without the cap a burst of parallel calls
 * would take every request thread (the app, health included, would stop answering).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@RestController
class StockController {

	private final InventoryClient inventory;

	StockController(InventoryClient inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/stock")
	@ConcurrencyLimited("stock")
	String stock() {
		return this.inventory.stock() + "\n";
	}

}
