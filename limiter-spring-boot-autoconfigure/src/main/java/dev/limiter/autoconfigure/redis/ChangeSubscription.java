package dev.limiter.autoconfigure.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.limiter.redis.RedisStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This instance's subscription to the rate changes and resets every instance announces
 * ({@link RedisStore#changesChannelName()}), so that none keeps rejecting locally what
 * Redis would now admit. Started when the first limit uses Redis, on a thread of its own
 * that retries every {@code retryInterval} while Redis cannot be reached (an application
 * starts whether Redis answers or not); once subscribed, Spring Data Redis's listener
 * container resubscribes by itself after a lost connection.
 *
 * @author The limiter authors
 */
final class ChangeSubscription {

	private static final Log logger = LogFactory.getLog(ChangeSubscription.class);

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	private final long retryMillis;

	private volatile boolean stopped;

	private @Nullable Thread subscriber;

	ChangeSubscription(LettuceConnectionFactory connections, RedisStore store, Duration retryInterval) {
		this.retryMillis = Math.max(1, retryInterval.toMillis());
		this.container.setConnectionFactory(connections);
		this.container.setRecoveryInterval(this.retryMillis);
		this.container.addMessageListener(
				(message, pattern) -> store.changed(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(store.changesChannelName()));
		this.container.afterPropertiesSet();
	}

	/**
	 * Subscribes: at once if Redis answered just now (so that no change announced after
	 * startup is missed), else, or if that fails, on the subscriber thread.
	 * @param redisAnswers whether Redis answered just now
	 */
	synchronized void start(boolean redisAnswers) {
		if (redisAnswers && !this.stopped) {
			try {
				this.container.start();
				return;
			}
			catch (RuntimeException ex) {
				logger.debug("Cannot subscribe to rate limit changes yet; retrying", ex);
			}
		}
		if (this.subscriber == null && !this.stopped) {
			Thread subscriber = new Thread(this::subscribe, "limiter-redis-changes");
			subscriber.setDaemon(true);
			subscriber.start();
			this.subscriber = subscriber;
		}
	}

	private void subscribe() {
		while (!this.stopped) {
			try {
				this.container.start();
				return;
			}
			catch (RuntimeException ex) {
				logger.debug("Cannot subscribe to rate limit changes yet; retrying", ex);
			}
			try {
				Thread.sleep(this.retryMillis);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	synchronized void stop() {
		this.stopped = true;
		Thread subscriber = this.subscriber;
		if (subscriber != null) {
			subscriber.interrupt();
		}
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop the subscription to rate limit changes", ex);
		}
	}

}
