package dev.limiter.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The Redis keys of a limit: one for the state of its shared limiter or of each client
 * key's, and one for its live rate.
 *
 * <pre>
 * limiter:{search}:rate          the live rate, shared by all of the limit's keys
 * limiter:{search}:shared        the shared limiter's state
 * limiter:{search}:key:10.0.0.7  one client key's state
 * limiter:changes                the channel rate changes and resets are announced on
 * </pre>
 *
 * <p>
 * The limit's name is a Redis Cluster hash tag, so all of a limit's keys share one slot
 * and a script may touch the state and the rate in one call. A name or client key that
 * starts with {@code ~} (the mark of a digest) is digested too, and one that is long, or
 * holds the characters that delimit tags and parts ({@code { } :}), is written as
 * {@code ~} and the Base64 of its SHA-256 digest instead, so every key is at most about
 * 150 bytes whatever clients send.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RedisKeys {

	/** The longest name or client key written as it is. */
	static final int MAX_PART_LENGTH = 48;

	private final String prefix;

	/**
	 * Creates the key layout.
	 * @param prefix what every key starts with, such as {@code limiter:}; at most
	 * {@value #MAX_PART_LENGTH} characters, without braces
	 * @throws IllegalArgumentException if the prefix is too long or holds a brace
	 */
	public RedisKeys(String prefix) {
		Objects.requireNonNull(prefix, "prefix must not be null");
		if (prefix.length() > MAX_PART_LENGTH || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException("prefix ('" + prefix + "') must be at most " + MAX_PART_LENGTH
					+ " characters without braces (a brace would change the key's Redis Cluster hash tag)");
		}
		this.prefix = prefix;
	}

	/**
	 * Returns the channel on which rate changes and resets are announced to every
	 * instance.
	 * @return the channel's name
	 */
	public String changes() {
		return this.prefix + "changes";
	}

	/**
	 * Returns the key of a limit's live rate.
	 * @param limit the limit's name
	 * @return the key
	 */
	public String rate(String limit) {
		return tag(limit) + ":rate";
	}

	/**
	 * Returns the key of a limiter's state.
	 * @param limit the limit's name
	 * @param clientKey the client key, or {@code null} for the limit's shared limiter
	 * @return the key
	 */
	public String state(String limit, @Nullable Object clientKey) {
		return (clientKey == null) ? tag(limit) + ":shared" : tag(limit) + ":key:" + part(String.valueOf(clientKey));
	}

	private String tag(String limit) {
		return this.prefix + "{" + part(limit) + "}";
	}

	private static String part(String text) {
		// a part starting with ~ is digested too, or a client could send another's digest
		boolean plain = text.length() <= MAX_PART_LENGTH && !text.isEmpty() && text.charAt(0) != '~'
				&& text.indexOf('{') < 0 && text.indexOf('}') < 0 && text.indexOf(':') < 0;
		return plain ? text : "~" + digest(text);
	}

	private static String digest(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must provide SHA-256
			throw new IllegalStateException(ex);
		}
	}

}
