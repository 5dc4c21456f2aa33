package dev.limiter.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Says where to look once the server listens, as the last line a newcomer sees.
 *
 * @author The limiter authors
 * @since 0.1.0
 */
@Component
class LiveViewAnnouncer implements ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(LiveViewAnnouncer.class);

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		int port = event.getWebServer().getPort();
		logger.info("Live view: http://localhost:" + port + "/  (another port: --server.port=9090; stop: Ctrl+C)");
	}

}
