package dev.optimizer.redis;

/**
 * Receives the messages of one channel from {@link RedisConnection#subscribe}. Called on the connection's
 * one subscriber thread, in order: keep it short and never block there (every channel of the application
 * waits behind it). An exception it throws is logged and the subscription goes on.
 */
public interface RedisMessageListener {
  /** A message published on the channel. */
  void onMessage(byte[] payload);

  /**
   * The channel is subscribed again after the subscriber's connection was lost: messages published
   * meanwhile were missed (e.g. a cache should drop what it holds locally). Not called for the first
   * subscription.
   */
  default void onResubscribed() {}
}
