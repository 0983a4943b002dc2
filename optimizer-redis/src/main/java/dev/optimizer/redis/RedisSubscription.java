package dev.optimizer.redis;

/** One channel's subscription on a {@link RedisConnection}; closing it ends the subscription. */
@FunctionalInterface
public interface RedisSubscription extends AutoCloseable {
  /** Stops delivering this channel's messages. Idempotent; never throws. */
  @Override
  void close();
}
