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
 * Redis would now admit. Started when the first limit uses Redis: at once if Redis just
 * answered, else on a thread of its own that tries every {@code retryInterval} (an
 * application starts whether Redis answers or not). Each try is a new listener container,
 * since one whose start failed stays half started; once subscribed, Spring Data Redis's
 * container resubscribes by itself after a lost connection.
 *
 * @author The limiter authors
 */
final class ChangeSubscription {

	private static final Log logger = LogFactory.getLog(ChangeSubscription.class);

	private final LettuceConnectionFactory connections;

	private final RedisStore store;

	private final long retryMillis;

	private boolean stopped;

	private @Nullable RedisMessageListenerContainer subscribed;

	private @Nullable Thread subscriber;

	ChangeSubscription(LettuceConnectionFactory connections, RedisStore store, Duration retryInterval) {
		this.connections = connections;
		this.store = store;
		this.retryMillis = Math.max(1, retryInterval.toMillis());
	}

	/**
	 * Subscribes: at once if Redis answered just now (so that no change announced after
	 * startup is missed), else, or if that fails, on the subscriber thread.
	 * @param redisAnswers whether Redis answered just now
	 */
	synchronized void start(boolean redisAnswers) {
		if (this.stopped || this.subscribed != null || this.subscriber != null) {
			return;
		}
		if (redisAnswers && trySubscribe()) {
			return;
		}
		Thread subscriber = new Thread(this::subscribeUntilStopped, "limiter-redis-changes");
		subscriber.setDaemon(true);
		subscriber.start();
		this.subscriber = subscriber;
	}

	private void subscribeUntilStopped() {
		while (!trySubscribe()) {
			try {
				Thread.sleep(this.retryMillis);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** One try with a new container; whether this instance now listens (or stopped). */
	private synchronized boolean trySubscribe() {
		if (this.stopped) {
			return true;
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connections);
		container.setRecoveryInterval(this.retryMillis);
		container.addMessageListener(
				(message, pattern) -> this.store.changed(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(this.store.changesChannelName()));
		container.afterPropertiesSet();
		try {
			container.start();
			if (container.isListening()) {
				this.subscribed = container;
				return true;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot subscribe to rate limit changes yet; retrying", ex);
		}
		destroy(container);
		return false;
	}

	synchronized void stop() {
		this.stopped = true;
		Thread subscriber = this.subscriber;
		if (subscriber != null) {
			subscriber.interrupt();
		}
		RedisMessageListenerContainer subscribed = this.subscribed;
		if (subscribed != null) {
			destroy(subscribed);
		}
	}

	private static void destroy(RedisMessageListenerContainer container) {
		try {
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop a subscription to rate limit changes", ex);
		}
	}

}
