package dev.limiter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What a per-client limit keeps of a key expression's value, so that what a key costs in
 * memory is bounded whatever the expression yields.
 *
 * <ul>
 * <li>Whole numbers up to a {@code long} are kept as a {@code Long} (so {@code 7} and
 * {@code 7L} are one client); UUIDs, enums, booleans and characters as they are.</li>
 * <li>A string of up to {@value #MAX_LENGTH} characters is kept as it is; a longer one (a
 * client can send a 7 KB header) as {@code sha256:} and the Base64 of its SHA-256 digest,
 * 51 characters, so 10,000 keys retain about 2 MiB however long the clients make
 * them.</li>
 * <li>Anything else becomes its string, then the same rule: holding the object itself
 * could retain whatever it references (a key of {@code #request} would keep every request
 * alive).</li>
 * </ul>
 *
 * <p>
 * The same mapping turns the text an operator gives the Actuator endpoint ({@code ?key=})
 * into the key held.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class ClientKey {

	/** The longest string key kept as it is. */
	public static final int MAX_LENGTH = 64;

	private ClientKey() {
	}

	/**
	 * Returns the key a limit keeps for a key expression's value.
	 * @param value the value
	 * @return the bounded key
	 */
	public static Object of(Object value) {
		if (value instanceof String text) {
			return bounded(text);
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			// one client whether its id arrives as an int or a long
			return ((Number) value).longValue();
		}
		if (value instanceof Long || value instanceof UUID || value instanceof Enum<?> || value instanceof Boolean
				|| value instanceof Character) {
			return value;
		}
		return bounded(String.valueOf(value));
	}

	/**
	 * Finds the held key an operator means by its text (the Actuator endpoints'
	 * {@code ?key=}): the key the text itself stands for, or a held key that is not a
	 * string (a number from {@code #userId}, a UUID) written as text.
	 * @param text the key's {@code toString()}
	 * @param isHeld whether a key is held
	 * @param held every key held, looked through only when the text itself is not one
	 * @return the key, or {@code null} if none is held
	 */
	public static @Nullable Object findHeld(String text, Predicate<Object> isHeld,
			Supplier<? extends Collection<?>> held) {
		Object asTyped = of(text);
		if (isHeld.test(asTyped)) {
			return asTyped;
		}
		for (Object key : held.get()) {
			if (String.valueOf(key).equals(text)) {
				return key;
			}
		}
		return null;
	}

	private static String bounded(String text) {
		if (text.length() <= MAX_LENGTH) {
			return text;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return "sha256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must provide SHA-256
			throw new IllegalStateException(ex);
		}
	}

}
