package dev.limiter.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Says where to look once the application is ready, as the last line a newcomer sees.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Component
class LiveViewAnnouncer implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(LiveViewAnnouncer.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
		if (port != null) {
			logger.info("Live view: http://localhost:" + port + "/  (another port: --server.port=9090; stop: Ctrl+C)");
		}
	}

}
