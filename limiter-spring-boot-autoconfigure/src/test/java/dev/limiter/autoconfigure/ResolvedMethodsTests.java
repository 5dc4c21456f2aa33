package dev.limiter.autoconfigure;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ResolvedMethods}: the identity fast path never answers for another
 * target class, and what fails to resolve is not cached.
 *
 * @author The limiter authors
 */
class ResolvedMethodsTests {

	private final List<String> reads = new ArrayList<>();

	private final ResolvedMethods<String> methods = new ResolvedMethods<>((method, targetClass) -> {
		String resolved = method.getName() + " on " + targetClass.getSimpleName();
		this.reads.add(resolved);
		return resolved;
	});

	@Test
	void aMethodIsReadOncePerTargetClass() throws Exception {
		Method find = Catalogue.class.getMethod("find");
		assertThat(this.methods.get(find, Books.class)).isEqualTo("find on Books");
		assertThat(this.methods.get(find, Films.class)).isEqualTo("find on Films");
		for (int i = 0; i < 3; i++) {
			assertThat(this.methods.get(find, Books.class)).isEqualTo("find on Books");
			assertThat(this.methods.get(find, Films.class)).isEqualTo("find on Films");
		}
		assertThat(this.reads).containsExactly("find on Books", "find on Films");
	}

	@Test
	void anEqualCopyOfTheMethodFindsWhatWasRead() throws Exception {
		Method find = Catalogue.class.getMethod("find");
		Method copy = Catalogue.class.getMethod("find");
		assertThat(copy).isNotSameAs(find).isEqualTo(find);
		this.methods.get(find, Books.class);
		assertThat(this.methods.get(copy, Books.class)).isEqualTo("find on Books");
		assertThat(this.methods.get(copy, Films.class)).isEqualTo("find on Films");
		assertThat(this.reads).containsExactly("find on Books", "find on Films");
	}

	@Test
	void aMethodThatFailsToResolveFailsOnEveryCall() throws Exception {
		ResolvedMethods<String> failing = new ResolvedMethods<>((method, targetClass) -> {
			this.reads.add(method.getName());
			throw new IllegalStateException("invalid annotation on " + method.getName());
		});
		Method find = Catalogue.class.getMethod("find");
		for (int i = 0; i < 2; i++) {
			assertThatIllegalStateException().isThrownBy(() -> failing.get(find, Books.class))
				.withMessage("invalid annotation on find");
		}
		assertThat(this.reads).containsExactly("find", "find");
	}

	interface Catalogue {

		String find();

	}

	static class Books implements Catalogue {

		@Override
		public String find() {
			return "book";
		}

	}

	static class Films implements Catalogue {

		@Override
		public String find() {
			return "film";
		}

	}

}
