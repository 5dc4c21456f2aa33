package dev.limiter.autoconfigure;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Entries by name: the ones configured in {@code application.yml}, fixed when the
 * registry is made (at startup), and the ones given inline on annotations, added as the
 * annotations are read. Listeners hear about every entry, configured or added later (for
 * metrics).
 *
 * @param <T> the type of entry
 * @author The limiter authors
 * @since 0.1.0
 */
public abstract class NamedRegistry<T> {

	private final Map<String, T> configured;

	private final Map<String, T> entries = new ConcurrentHashMap<>();

	private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates a registry of the configured entries.
	 * @param configured the configured entries by name
	 */
	protected NamedRegistry(Map<String, T> configured) {
		this.configured = Collections.unmodifiableMap(new LinkedHashMap<>(configured));
		this.entries.putAll(configured);
	}

	/**
	 * Returns an entry by name.
	 * @param name the name
	 * @return the entry, or {@code null} if there is none of that name
	 */
	public @Nullable T find(String name) {
		return this.entries.get(name);
	}

	/**
	 * Returns every entry.
	 * @return the entries, configured and inline
	 */
	public Collection<T> all() {
		return Collections.unmodifiableCollection(this.entries.values());
	}

	/**
	 * Returns the names of the configured entries, for messages.
	 * @return the names
	 */
	public Collection<String> configuredNames() {
		return this.configured.keySet();
	}

	/**
	 * Calls the listener for every entry registered so far and for each registered from
	 * now on.
	 * @param listener called once per entry
	 */
	public void whenRegistered(Consumer<T> listener) {
		this.listeners.add(listener);
		this.entries.values().forEach(listener);
	}

	/**
	 * Returns whether an entry of this name is configured (rather than given inline).
	 * @param name the name
	 * @return whether it is configured
	 */
	protected boolean isConfigured(String name) {
		return this.configured.containsKey(name);
	}

	/**
	 * Returns the entry of a name, adding the one {@code factory} makes if there is none;
	 * listeners hear about an added entry once it is visible.
	 * @param name the name
	 * @param factory makes the entry
	 * @return the entry, added or already there
	 */
	protected T getOrAdd(String name, Supplier<T> factory) {
		T entry = this.entries.get(name);
		if (entry != null) {
			return entry;
		}
		T created = factory.get();
		T existing = this.entries.putIfAbsent(name, created);
		if (existing != null) {
			return existing;
		}
		this.listeners.forEach((listener) -> listener.accept(created));
		return created;
	}

}
