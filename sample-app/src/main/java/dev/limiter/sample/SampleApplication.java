package dev.limiter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample service: {@code java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar},
 * then see the README's walk-through. Its limits are in {@code application.yml}.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
