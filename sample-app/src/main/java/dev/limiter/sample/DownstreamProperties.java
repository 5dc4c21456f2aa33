package dev.limiter.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the sample's flaky downstream behaves ({@code sample.downstream.*}); bound by Boot,
 * so a bad value fails startup with a report naming the property.
 *
 * @param failuresPerSuccess how many {@code 503}s the downstream answers before each
 * {@code 200}: 2 (a failure rate of two in three) when not set; 0 never fails
 * @author The limiter authors
 * @since 0.1.0
 */
@ConfigurationProperties("sample.downstream")
record DownstreamProperties(@DefaultValue("2") int failuresPerSuccess) {

	DownstreamProperties {
		if (failuresPerSuccess < 0) {
			throw new IllegalArgumentException(
					"failures-per-success is " + failuresPerSuccess + "; use 0 (never fails) or more");
		}
	}

}
