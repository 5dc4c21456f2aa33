package dev.limiter.core.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} field value (RFC 9110 §10.2.3): either delay-seconds
 * ({@code 120}) or an HTTP-date, in any of the three formats a recipient must accept (RFC
 * 9110 §5.6.7): IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850
 * form ({@code Sunday, 06-Nov-94
 * 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}). Day and month names are
 * English, as HTTP defines them, whatever the default locale.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
public final class RetryAfter {

	private static final List<DateTimeFormatter> HTTP_DATES = List.of(DateTimeFormatter.RFC_1123_DATE_TIME,
			new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
				.appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
				.appendPattern(" HH:mm:ss zzz")
				.toFormatter(Locale.US),
			new DateTimeFormatterBuilder().appendPattern("EEE MMM")
				.appendLiteral(' ')
				.optionalStart()
				.appendLiteral(' ')
				.optionalEnd()
				.appendPattern("d HH:mm:ss yyyy")
				.toFormatter(Locale.US)
				.withZone(java.time.ZoneOffset.UTC));

	private RetryAfter() {
	}

	/**
	 * Reads a value as a delay from {@code now}.
	 * @param value the field value
	 * @param now the current time, for an HTTP-date
	 * @return the delay (zero for a date in the past), or empty if the value is neither
	 * form (an invalid field is ignored, as RFC 9110 says a recipient may)
	 */
	public static Optional<Duration> parse(String value, Instant now) {
		String trimmed = value.trim();
		if (trimmed.isEmpty()) {
			return Optional.empty();
		}
		if (trimmed.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			try {
				return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
			}
			catch (NumberFormatException ex) {
				// more digits than a long: wait "forever"
				return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
			}
		}
		for (DateTimeFormatter format : HTTP_DATES) {
			try {
				Instant date = ZonedDateTime.parse(trimmed, format).toInstant();
				Duration delay = Duration.between(now, date);
				return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
			}
			catch (DateTimeParseException ex) {
				// try the next format
			}
		}
		return Optional.empty();
	}

}
