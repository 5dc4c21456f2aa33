package dev.limiter.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * The property names a {@code @ConfigurationProperties} class binds, read from the class
 * itself so that they cannot drift from its fields, and compared the way Spring Boot
 * binds them: element by element in the uniform form of {@link ConfigurationPropertyName}
 * ({@code maxBurst}, {@code max_burst}, {@code MAX-BURST} and the environment variable
 * {@code ..._MAXBURST} are all {@code max-burst}).
 *
 * <p>
 * The class is read as Spring Boot's JavaBean binder reads it: a property with a setter,
 * or with a getter whose nested group, map or list is bound in place. A {@link Map} takes
 * any key ({@code rate-limits.<name>.*}), a {@link Collection} or array an index
 * ({@code retry-on[0]}) or a comma-separated value, and a type of the properties class's
 * own package (or below) that is not an enum is a nested group. Anything else (numbers,
 * strings, durations, classes) is a value.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class KnownProperties {

	/**
	 * Stands for a map key or list index in a template's text; never part of a name's
	 * uniform form, which has only letters, digits and dots.
	 */
	private static final char KEY = '\0';

	private final ConfigurationPropertyName prefix;

	private final Node root;

	/** Every name that ends in a value, as segments below the prefix. */
	private final List<List<Segment>> templates = new ArrayList<>();

	private KnownProperties(ConfigurationPropertyName prefix, Node root) {
		this.prefix = prefix;
		this.root = root;
		collectTemplates(root, new ArrayList<>());
	}

	/**
	 * Reads the property names of a properties class.
	 * @param prefix the class's prefix, such as {@code limiter}
	 * @param type the class
	 * @return the names
	 */
	static KnownProperties of(String prefix, Class<?> type) {
		return new KnownProperties(ConfigurationPropertyName.of(prefix),
				group(type, ClassUtils.getPackageName(type) + "."));
	}

	/**
	 * Returns the prefix the names are under.
	 * @return the prefix
	 */
	ConfigurationPropertyName prefix() {
		return this.prefix;
	}

	/**
	 * Returns whether a name under the prefix is one the class binds, or a group, map or
	 * list of them.
	 * @param name the name, starting with the prefix
	 * @return whether it is known
	 */
	boolean isKnown(ConfigurationPropertyName name) {
		return stop(name) == null;
	}

	/**
	 * Returns the known name closest to an unknown one, with the unknown name's own map
	 * keys, or {@code null} if none is close enough to be what was meant: a third of the
	 * name's length in edits (at least 2) turns {@code rate-limiting.enabled} into
	 * {@code rate-limit.enabled}, but does not make {@code redis.url} into anything.
	 * @param name the unknown name, starting with the prefix
	 * @return the closest known name in its canonical form, or {@code null}
	 */
	@Nullable String closest(ConfigurationPropertyName name) {
		UserName written = new UserName(name, this.prefix.getNumberOfElements());
		String best = null;
		int bestDistance = Math.max(2, written.text.length() / 3) + 1;
		for (List<Segment> template : this.templates) {
			Alignment alignment = Alignment.of(written.text, pattern(template));
			if (alignment.distance < bestDistance) {
				bestDistance = alignment.distance;
				best = render(template, alignment, written);
			}
		}
		return best;
	}

	/**
	 * Describes where an unknown name stops matching, for a report: the known part of the
	 * name, and the keys valid right after it.
	 * @param name the unknown name, starting with the prefix
	 * @return the known part, and the keys valid after it (none after a value)
	 */
	Place place(ConfigurationPropertyName name) {
		Stop stop = stop(name);
		if (stop == null) {
			throw new IllegalArgumentException(name + " is known");
		}
		return new Place(name.chop(stop.index).toString(), stop.node.validKeys());
	}

	private @Nullable Stop stop(ConfigurationPropertyName name) {
		Node node = this.root;
		for (int i = this.prefix.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
			Node next = node.next(name, i);
			if (next == null) {
				return new Stop(node, i);
			}
			node = next;
		}
		return null;
	}

	private void collectTemplates(Node node, List<Segment> path) {
		switch (node.kind) {
			case GROUP -> node.children.forEach((uniform, child) -> {
				path.add(Segment.property(child.dashedName(), uniform));
				collectTemplates(child.node(), path);
				path.remove(path.size() - 1);
			});
			case MAP, LIST -> {
				Node element = node.element();
				if (node.kind == Kind.LIST && element.kind == Kind.VALUE) {
					this.templates.add(List.copyOf(path));
					return;
				}
				path.add((node.kind == Kind.MAP) ? Segment.KEY : Segment.INDEX);
				collectTemplates(element, path);
				path.remove(path.size() - 1);
			}
			case ANY_KEY_VALUE -> {
				path.add(Segment.KEY);
				this.templates.add(List.copyOf(path));
				path.remove(path.size() - 1);
			}
			case VALUE -> this.templates.add(List.copyOf(path));
		}
	}

	private static String pattern(List<Segment> template) {
		StringBuilder pattern = new StringBuilder();
		for (Segment segment : template) {
			if (!pattern.isEmpty()) {
				pattern.append('.');
			}
			String uniform = segment.uniform();
			pattern.append((uniform != null) ? uniform : String.valueOf(KEY));
		}
		return pattern.toString();
	}

	private static String render(List<Segment> template, Alignment alignment, UserName written) {
		StringBuilder rendered = new StringBuilder(written.prefix);
		int keys = 0;
		for (Segment segment : template) {
			String dashedName = segment.dashedName();
			if (dashedName != null) {
				rendered.append('.').append(dashedName);
				continue;
			}
			int[] span = alignment.spans.get(keys++);
			String key = written.elements(span[0], span[1]);
			if (segment.index()) {
				rendered.append('[').append(key.isEmpty() ? "0" : key).append(']');
			}
			else if (key.isEmpty()) {
				rendered.append(".<name>");
			}
			else {
				rendered.append(key.contains(".") ? "[" + key + "]" : "." + key);
			}
		}
		return rendered.toString();
	}

	private static Node group(Class<?> type, String ownPackage) {
		Map<String, Child> children = new TreeMap<>();
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			Method getter = property.getReadMethod();
			Method setter = property.getWriteMethod();
			if ((getter == null && setter == null) || "class".equals(property.getName())) {
				continue;
			}
			ResolvableType propertyType = (getter != null) ? ResolvableType.forMethodReturnType(getter, type)
					: ResolvableType.forMethodParameter(setter, 0, type);
			Node node = node(propertyType, ownPackage);
			// Without a setter, the binder can only fill in what the getter returns.
			if (setter == null && node.kind == Kind.VALUE) {
				continue;
			}
			String dashed = DataObjectPropertyName.toDashedForm(property.getName());
			children.put(uniform(dashed), new Child(dashed, node));
		}
		return new Node(Kind.GROUP, children, null);
	}

	private static Node node(ResolvableType type, String ownPackage) {
		Class<?> raw = type.toClass();
		if (Map.class.isAssignableFrom(raw)) {
			ResolvableType value = type.asMap().getGeneric(1);
			return isGroup(value.toClass(), ownPackage)
					? new Node(Kind.MAP, Map.of(), group(value.toClass(), ownPackage)) : Node.ANY_KEY;
		}
		if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
			Class<?> element = (raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0)).toClass();
			return new Node(Kind.LIST, Map.of(),
					isGroup(element, ownPackage) ? group(element, ownPackage) : Node.VALUE);
		}
		return isGroup(raw, ownPackage) ? group(raw, ownPackage) : Node.VALUE;
	}

	private static boolean isGroup(Class<?> type, String ownPackage) {
		return !type.isEnum() && !type.isPrimitive() && type.getName().startsWith(ownPackage);
	}

	private static String uniform(String dashed) {
		return ConfigurationPropertyName.of(dashed).getElement(0, Form.UNIFORM);
	}

	/**
	 * Where an unknown name stops matching.
	 *
	 * @param known the known part of the name, such as {@code limiter.rate-limits.search}
	 * @param validKeys the keys valid right after it, in canonical form
	 */
	record Place(String known, List<String> validKeys) {
	}

	private enum Kind {

		/** Named properties. */
		GROUP,

		/** Any one key, then what the map's value binds. */
		MAP,

		/** A comma-separated value, or an index then what an element binds. */
		LIST,

		/** Nothing more: a value. */
		VALUE,

		/**
		 * Any key, however many elements it spans: a map of values (it accepts them all).
		 */
		ANY_KEY_VALUE

	}

	/**
	 * One level of the names: a group of named properties, a map, a list or a value.
	 */
	private static final class Node {

		static final Node VALUE = new Node(Kind.VALUE, Map.of(), null);

		static final Node ANY_KEY = new Node(Kind.ANY_KEY_VALUE, Map.of(), null);

		final Kind kind;

		/** A group's properties by the uniform form of their names. */
		final Map<String, Child> children;

		/** What a map's value or a list's element binds. */
		private final @Nullable Node element;

		Node(Kind kind, Map<String, Child> children, @Nullable Node element) {
			this.kind = kind;
			this.children = children;
			this.element = element;
		}

		Node element() {
			if (this.element == null) {
				throw new IllegalStateException(this.kind + " has no element");
			}
			return this.element;
		}

		/**
		 * Returns the node that element {@code i} of the name leads to, or {@code null}
		 * if this node does not accept it.
		 */
		@Nullable Node next(ConfigurationPropertyName name, int i) {
			return switch (this.kind) {
				case GROUP -> {
					Child child = this.children.get(name.getElement(i, Form.UNIFORM));
					yield (child != null) ? child.node() : null;
				}
				case MAP -> element();
				case ANY_KEY_VALUE -> this;
				case LIST -> name.isNumericIndex(i) ? element() : null;
				case VALUE -> null;
			};
		}

		List<String> validKeys() {
			return switch (this.kind) {
				case GROUP -> this.children.values().stream().map(Child::dashedName).sorted().toList();
				case MAP, ANY_KEY_VALUE -> List.of("<name>");
				case LIST -> List.of("[0]");
				case VALUE -> List.of();
			};
		}

	}

	/**
	 * A named property of a group.
	 */
	private record Child(String dashedName, Node node) {
	}

	/**
	 * A part of a template: a property name, canonical and uniform, or (with neither) a
	 * map key or a list index.
	 */
	private record Segment(@Nullable String dashedName, @Nullable String uniform, boolean index) {

		static final Segment KEY = new Segment(null, null, false);

		static final Segment INDEX = new Segment(null, null, true);

		static Segment property(String dashedName, String uniform) {
			return new Segment(dashedName, uniform, false);
		}

	}

	/**
	 * A name as written, below the prefix: its elements in uniform form joined by dots,
	 * for comparing, and in their original form, for showing its map keys back.
	 */
	private static final class UserName {

		final String prefix;

		final String text;

		/**
		 * The element each character of {@link #text} belongs to ({@code -1} for dots).
		 */
		final int[] elementAt;

		final List<String> originals = new ArrayList<>();

		UserName(ConfigurationPropertyName name, int prefixElements) {
			this.prefix = name.chop(prefixElements).toString();
			StringBuilder text = new StringBuilder();
			List<Integer> elementAt = new ArrayList<>();
			for (int i = prefixElements; i < name.getNumberOfElements(); i++) {
				if (!text.isEmpty()) {
					text.append('.');
					elementAt.add(-1);
				}
				String uniform = name.getElement(i, Form.UNIFORM);
				text.append(uniform);
				for (int c = 0; c < uniform.length(); c++) {
					elementAt.add(this.originals.size());
				}
				this.originals.add(name.getElement(i, Form.ORIGINAL));
			}
			this.text = text.toString();
			this.elementAt = elementAt.stream().mapToInt(Integer::intValue).toArray();
		}

		/** Returns the original elements characters {@code from} to {@code to} touch. */
		String elements(int from, int to) {
			int first = Integer.MAX_VALUE;
			int last = -1;
			for (int c = from; c < to; c++) {
				if (this.elementAt[c] >= 0) {
					first = Math.min(first, this.elementAt[c]);
					last = Math.max(last, this.elementAt[c]);
				}
			}
			return (last < 0) ? "" : String.join(".", this.originals.subList(first, last + 1));
		}

	}

	/**
	 * The cheapest alignment of a written name with a template: edits (insert, delete,
	 * replace, swap two neighbours) cost 1 each, and a map key of the template takes any
	 * run of the name's characters for free. Its spans say which characters each map key
	 * took, so that the suggestion keeps the user's own keys, even when the name has too
	 * many or too few dots ({@code LIMITER_RATE_LIMITS_SEARCH_MAX_BURST} is
	 * {@code rate.limits.search.max.burst}).
	 */
	private static final class Alignment {

		final int distance;

		/** For each map key of the template, in order: the characters it took. */
		final List<int[]> spans;

		private Alignment(int distance, List<int[]> spans) {
			this.distance = distance;
			this.spans = spans;
		}

		static Alignment of(String text, String pattern) {
			int n = text.length();
			int m = pattern.length();
			int[][] cost = new int[n + 1][m + 1];
			for (int j = 1; j <= m; j++) {
				cost[0][j] = cost[0][j - 1] + ((pattern.charAt(j - 1) == KEY) ? 0 : 1);
			}
			for (int i = 1; i <= n; i++) {
				cost[i][0] = i;
				for (int j = 1; j <= m; j++) {
					if (pattern.charAt(j - 1) == KEY) {
						cost[i][j] = Math.min(cost[i][j - 1], cost[i - 1][j]);
						continue;
					}
					int replace = cost[i - 1][j - 1] + ((text.charAt(i - 1) == pattern.charAt(j - 1)) ? 0 : 1);
					cost[i][j] = Math.min(replace, Math.min(cost[i - 1][j], cost[i][j - 1]) + 1);
					if (swapped(text, pattern, i, j)) {
						cost[i][j] = Math.min(cost[i][j], cost[i - 2][j - 2] + 1);
					}
				}
			}
			return new Alignment(cost[n][m], spans(text, pattern, cost));
		}

		private static boolean swapped(String text, String pattern, int i, int j) {
			return i > 1 && j > 1 && pattern.charAt(j - 2) != KEY && text.charAt(i - 1) == pattern.charAt(j - 2)
					&& text.charAt(i - 2) == pattern.charAt(j - 1);
		}

		/** Walks back through the costs to find the characters each map key took. */
		private static List<int[]> spans(String text, String pattern, int[][] cost) {
			List<int[]> spans = new ArrayList<>();
			int i = text.length();
			int j = pattern.length();
			while (j > 0) {
				if (pattern.charAt(j - 1) == KEY) {
					int end = i;
					while (i > 0 && cost[i][j] == cost[i - 1][j]) {
						i--;
					}
					spans.add(0, new int[] { i, end });
					j--;
				}
				else if (i > 0
						&& cost[i][j] == cost[i - 1][j - 1] + ((text.charAt(i - 1) == pattern.charAt(j - 1)) ? 0 : 1)) {
					i--;
					j--;
				}
				else if (swapped(text, pattern, i, j) && cost[i][j] == cost[i - 2][j - 2] + 1) {
					i -= 2;
					j -= 2;
				}
				else if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
					i--;
				}
				else {
					j--;
				}
			}
			return spans;
		}

	}

	/**
	 * Where a name stops matching: the node it reached, and the index of the element that
	 * node does not accept.
	 */
	private record Stop(Node node, int index) {
	}

}
