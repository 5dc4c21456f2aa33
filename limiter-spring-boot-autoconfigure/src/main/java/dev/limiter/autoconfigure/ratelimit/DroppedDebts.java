package dev.limiter.autoconfigure.ratelimit;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a {@link KeyedRateLimiter} remembers of the keys it dropped while they still owed
 * time: for each key, a moment before which a limiter recreated for it must not be free.
 *
 * <p>
 * Remembering every dropped key would defeat the registry's bound, and remembering one
 * moment for all keys (the latest debt of any dropped key) makes every new client pay the
 * debt of the heaviest one. This is the middle way of a count-min sketch: four rows of
 * buckets, each key hashed to one bucket per row. Dropping a key raises its bucket in
 * each row to the moment its debt is paid; a key is free only from the <em>earliest</em>
 * of its buckets' moments. A key's own debt is in all its buckets, so it always comes
 * back owing at least what it owed (dropping a key is never more permissive than keeping
 * it); another key pays that debt only if all its buckets collide with owing keys.
 *
 * <p>
 * Keys are hashed with a seed chosen at random per registry, and by their whole value, so
 * a client cannot craft keys that collide with another client's on purpose. Moments in
 * the past cost nothing, so buckets are never cleaned.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class DroppedDebts {

	/**
	 * Buckets per row, four rows: 128 KiB in all. A client pays another key's debt only
	 * if all four of its buckets hold one; with {@code d} owing keys dropped recently
	 * that happens with a chance of about {@code (d / 4096)⁴}: 2.5e-5 for 300 such keys,
	 * 0.6 % for 4,000.
	 */
	private static final int WIDTH = 4096;

	private static final int ROWS = 4;

	private final AtomicLongArray freeFromNanos = new AtomicLongArray(ROWS * WIDTH);

	private final long seed = ThreadLocalRandom.current().nextLong();

	DroppedDebts() {
		clear();
	}

	/**
	 * Remembers that a dropped key owed time until {@code owedUntilNanos}.
	 */
	void record(Object key, long owedUntilNanos) {
		long hash = hash(key);
		for (int row = 0; row < ROWS; row++) {
			this.freeFromNanos.accumulateAndGet(bucket(hash, row), owedUntilNanos, Math::max);
		}
	}

	/**
	 * Returns the moment from which a limiter recreated for {@code key} may be free;
	 * {@link Long#MIN_VALUE} if some bucket of the key holds no debt.
	 */
	long freeFromNanos(Object key) {
		long hash = hash(key);
		long freeFrom = Long.MAX_VALUE;
		for (int row = 0; row < ROWS; row++) {
			freeFrom = Math.min(freeFrom, this.freeFromNanos.get(bucket(hash, row)));
		}
		return freeFrom;
	}

	/**
	 * Replaces every debt that saturated at the end of the clock with
	 * {@code reopenedNanos}, as a rate change does for a limiter that is held.
	 */
	void reopenSaturated(long reopenedNanos) {
		for (int i = 0; i < this.freeFromNanos.length(); i++) {
			this.freeFromNanos.compareAndSet(i, Long.MAX_VALUE, reopenedNanos);
		}
	}

	/** Forgets every debt, as an operator's reset of the whole limit does. */
	void clear() {
		for (int i = 0; i < this.freeFromNanos.length(); i++) {
			this.freeFromNanos.set(i, Long.MIN_VALUE);
		}
	}

	/** Row {@code row}'s bucket: 12 bits of the hash per row. */
	private static int bucket(long hash, int row) {
		return row * WIDTH + (int) ((hash >>> (12 * row)) & (WIDTH - 1));
	}

	/**
	 * Hashes a key as {@link dev.limiter.autoconfigure.ClientKey} keeps it, by its whole
	 * value: a string by its characters, a whole number by its value, a UUID by both
	 * halves. Hashing their {@code hashCode()} instead would let a client pick another
	 * key with the same {@code hashCode()} (two UUIDs with equal {@code msb ^ lsb}, the
	 * longs 0 and 2³² + 1), which collides in every row whatever the seed. What remains
	 * (enums, booleans, characters) has too few values to aim with.
	 */
	private long hash(Object key) {
		long hash = this.seed;
		if (key instanceof CharSequence text) {
			for (int i = 0; i < text.length(); i++) {
				hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
			}
			return mix(hash);
		}
		if (key instanceof UUID id) {
			return mix(mix(hash ^ id.getMostSignificantBits()) ^ id.getLeastSignificantBits());
		}
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
			return mix(hash ^ ((Number) key).longValue());
		}
		return mix(hash ^ key.hashCode());
	}

	/** The finalizer of MurmurHash3: every input bit affects every output bit. */
	private static long mix(long hash) {
		hash = (hash ^ (hash >>> 33)) * 0xff51afd7ed558ccdL;
		hash = (hash ^ (hash >>> 33)) * 0xc4ceb9fe1a85ec53L;
		return hash ^ (hash >>> 33);
	}

}
