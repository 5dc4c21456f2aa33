package dev.limiter.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * Writes the limiter's problem body as JSON by hand, as Jackson 3 writes a
 * {@link ProblemDetail} by default: fields in alphabetical order, then the
 * {@code violated-policies} property, strings escaped as Jackson escapes them.
 * Serializing through the JSON library was a third of what a 429 cost (issue 12).
 *
 * <p>
 * It is only ever used after {@link RateLimitRejectionResolver} has checked, once, that
 * it writes exactly what the application's own converter writes for a probe full of
 * characters that need escaping; an application whose JSON is configured otherwise
 * (indented, ordered differently, escaping more) keeps its converter.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
final class ProblemJson {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private ProblemJson() {
	}

	/**
	 * Writes a problem made by {@link RateLimitProblem}, with its instance set.
	 * @param problem the problem
	 * @return the JSON in UTF-8, or {@code null} for text this writer does not claim to
	 * write as Jackson would (a surrogate, which only an unpaired half could make differ)
	 */
	static byte @Nullable [] write(ProblemDetail problem) {
		Map<String, Object> properties = problem.getProperties();
		Object policies = (properties != null) ? properties.get("violated-policies") : null;
		if (!(policies instanceof List<?> names) || properties.size() != 1 || problem.getDetail() == null
				|| problem.getInstance() == null || problem.getTitle() == null) {
			return null;
		}
		StringBuilder json = new StringBuilder(320);
		json.append("{\"detail\":");
		string(json, problem.getDetail());
		json.append(",\"instance\":");
		string(json, problem.getInstance().toString());
		json.append(",\"status\":").append(problem.getStatus());
		json.append(",\"title\":");
		string(json, problem.getTitle());
		json.append(",\"type\":");
		string(json, problem.getType().toString());
		json.append(",\"violated-policies\":[");
		for (int i = 0; i < names.size(); i++) {
			json.append((i > 0) ? "," : "");
			string(json, String.valueOf(names.get(i)));
		}
		json.append("]}");
		for (int i = 0; i < json.length(); i++) {
			if (Character.isSurrogate(json.charAt(i))) {
				return null;
			}
		}
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A JSON string: quotes, backslashes and control characters escaped, as Jackson does.
	 */
	private static void string(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\t' -> json.append("\\t");
				case '\n' -> json.append("\\n");
				case '\f' -> json.append("\\f");
				case '\r' -> json.append("\\r");
				default -> {
					if (c < 0x20) {
						json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
