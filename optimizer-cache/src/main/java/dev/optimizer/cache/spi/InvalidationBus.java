package dev.optimizer.cache.spi;

import java.util.function.Consumer;

/**
 * Carries invalidations between nodes so every node's L1 drops a key another node changed.
 *
 * <p>A node publishes after an explicit put or invalidate (never after a load on a miss, to avoid
 * broadcast storms) and ignores its own messages. When the channel was disconnected, messages may have
 * been lost: the bus then reports {@link InvalidationMessage#resync()} so the node clears its L1.
 */
public interface InvalidationBus extends AutoCloseable {
  /**
   * Publishes an invalidation to other nodes. Never throws: a failure is counted and logged, and the
   * staleness it causes is bounded by the L1 TTL.
   */
  void publish(InvalidationMessage message);

  /**
   * Delivers messages from other nodes to {@code listener} on the bus's own thread, until closed.
   * Only one subscriber per bus.
   */
  void subscribe(Consumer<InvalidationMessage> listener);

  /** Stops delivery and releases the connection. Idempotent. */
  @Override
  void close();
}
