package dev.optimizer.cache;

import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.InvalidationMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-process stand-in for Redis pub/sub between cache "nodes" sharing one real byte store: every
 * node's tier view delegates storage to the shared store and gets its own bus endpoint. Delivery is
 * synchronous, so tests need no waiting. Records every published message.
 */
final class BusNetwork {
  final List<InvalidationMessage> published = new CopyOnWriteArrayList<>();
  private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();

  /** A node's view of {@code shared}: same bytes, its own bus endpoint. Closing it leaves shared open. */
  ByteTier node(ByteTier shared) {
    Endpoint e = new Endpoint();
    endpoints.add(e);
    return new NodeTier(shared, e);
  }

  /** Tells every node its subscription was interrupted. */
  void resyncAll(String cache) {
    endpoints.forEach(e -> e.deliver(InvalidationMessage.resync(cache)));
  }

  private final class Endpoint implements InvalidationBus {
    private volatile @Nullable Consumer<InvalidationMessage> listener;

    @Override
    public void publish(InvalidationMessage message) {
      published.add(message);
      // Like Redis pub/sub, the publisher receives its own message too; the cache must ignore it.
      endpoints.forEach(e -> e.deliver(message));
    }

    void deliver(InvalidationMessage m) {
      Consumer<InvalidationMessage> l = listener;
      if (l != null) {
        l.accept(m);
      }
    }

    @Override
    public void subscribe(Consumer<InvalidationMessage> listener) {
      this.listener = listener;
    }

    @Override
    public void close() {
      listener = null;
    }
  }

  /** The shared store under this node's name and bus; closing it closes only the bus. */
  private static final class NodeTier extends ForwardingByteTier {
    private final Endpoint bus;

    NodeTier(ByteTier shared, Endpoint bus) {
      super(shared);
      this.bus = bus;
    }

    @Override
    public String name() {
      return "L2";
    }

    @Override
    public InvalidationBus invalidationBus() {
      return bus;
    }

    @Override
    public void close() {
      bus.close();
    }
  }
}
