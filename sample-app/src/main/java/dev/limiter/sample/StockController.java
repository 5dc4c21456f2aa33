package dev.limiter.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows a call to a flaky downstream that succeeds through retries.
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
	String stock() {
		return this.inventory.stock() + "\n";
	}

}
