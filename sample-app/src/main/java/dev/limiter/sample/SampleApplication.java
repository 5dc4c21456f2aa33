package dev.limiter.sample;

import dev.limiter.core.TimeSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The sample service: {@code java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar}, then see the
 * README's walk-through.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	@Bean
	TimeSource timeSource() {
		return TimeSource.system();
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
