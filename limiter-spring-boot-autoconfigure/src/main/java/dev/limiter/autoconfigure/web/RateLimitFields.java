package dev.limiter.autoconfigure.web;

import java.time.Duration;

import dev.limiter.core.RateLimiterSnapshot;

/**
 * Writes the {@code RateLimit-Policy} and {@code RateLimit} fields of <a href=
 * "https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/11/">draft-ietf-httpapi-ratelimit-headers-11</a>
 * (May 2026) for a smooth limiter, and {@code Retry-After} (RFC 9110 §10.2.3).
 *
 * <p>
 * The draft counts a quota {@code q} over a window {@code w} of whole seconds; a smooth
 * limiter has a rate. The policy states the rate over the shortest of one second, minute,
 * hour or day in which it is at least one permit ({@code 10/s → q=10;w=1},
 * {@code 0.5/s → q=30;w=60}), rounded down; a slower rate is one permit over the seconds
 * it takes. {@code RateLimit} states {@code r}, the permits free right now, and, when
 * none are, {@code t}, the seconds until one is (rounded up, so never earlier than
 * {@code Retry-After}).
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class RateLimitFields {

	static final String POLICY = "RateLimit-Policy";

	static final String LIMIT = "RateLimit";

	private static final long[] WINDOWS_SECONDS = { 1, 60, 3600, 86400 };

	private RateLimitFields() {
	}

	/**
	 * {@code "name";q=10;w=1}. A rate below one permit a day is one permit over the whole
	 * seconds it takes ({@code 1e-6/s → q=1;w=1000000}), never {@code q=0}, which would
	 * announce that nothing is allowed.
	 */
	static String policy(String name, double permitsPerSecond) {
		for (long window : WINDOWS_SECONDS) {
			if (permitsPerSecond * window >= 1) {
				return string(name) + ";q=" + (long) Math.floor(permitsPerSecond * window) + ";w=" + window;
			}
		}
		return string(name) + ";q=1;w=" + (long) Math.ceil(1 / permitsPerSecond);
	}

	/**
	 * {@code "name";r=0;t=2} for a limiter that is not free, {@code "name";r=3} for one
	 * that is.
	 */
	static String limit(String name, RateLimiterSnapshot snapshot) {
		if (!snapshot.nextFreeIn().isZero()) {
			return exhausted(name, snapshot.nextFreeIn());
		}
		// Paying forward: stored permits come first, and one more is granted however
		// little is stored (a bursty limiter's stored permits are free; a warming-up
		// one's cost time).
		long free = (snapshot.thresholdPermits() == snapshot.maxPermits())
				? (long) Math.floor(snapshot.storedPermits()) + 1 : 1;
		return string(name) + ";r=" + free;
	}

	/** {@code "name";r=0;t=2} */
	static String exhausted(String name, Duration wait) {
		return string(name) + ";r=0;t=" + retryAfterSeconds(wait);
	}

	/** Whole seconds, rounded up: a client that waits that long finds the permit free. */
	static long retryAfterSeconds(Duration wait) {
		long seconds = wait.getSeconds();
		return (wait.getNano() > 0) ? seconds + 1 : seconds;
	}

	/**
	 * A structured-field string: printable ASCII, with {@code "} and {@code \} escaped;
	 * anything else becomes {@code ?}, since a limit name is free text.
	 */
	static String string(String value) {
		StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else {
				quoted.append((c >= 0x20 && c <= 0x7e) ? c : '?');
			}
		}
		return quoted.append('"').toString();
	}

}
