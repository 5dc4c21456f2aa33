package dev.limiter.sample;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The sample service's data: a few products, in memory.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Component
class Catalog {

	private final List<Product> products = List.of(new Product(1, "Desk lamp", 39), new Product(2, "Floor lamp", 89),
			new Product(3, "Reading chair", 249), new Product(4, "Bookshelf", 129), new Product(5, "Lamp shade", 19));

	List<Product> search(String query) {
		String lower = query.toLowerCase(Locale.ROOT);
		return this.products.stream()
			.filter((product) -> product.name().toLowerCase(Locale.ROOT).contains(lower))
			.toList();
	}

	Optional<Product> find(long id) {
		return this.products.stream().filter((product) -> product.id() == id).findFirst();
	}

	List<Product> all() {
		return this.products;
	}

	/**
	 * A product.
	 *
	 * @param id its id
	 * @param name its name
	 * @param price its price, in euros
	 */
	record Product(long id, String name, int price) {
	}

}
