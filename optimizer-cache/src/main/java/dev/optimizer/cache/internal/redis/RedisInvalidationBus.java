package dev.optimizer.cache.internal.redis;

import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.InvalidationMessage;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.RedisMessageListener;
import dev.optimizer.redis.RedisSubscription;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-node invalidation of one cache over Redis pub/sub, on the cache's own channel of the shared
 * {@link RedisConnection}.
 *
 * <p>Publishing goes through the tier's guarded call path (circuit breaker, budget) and never throws.
 * Receiving runs on the connection's one subscriber thread (shared by every cache); after that thread's
 * connection was lost and the channel is subscribed again, the listener gets a {@link
 * InvalidationMessage#resync} because messages may have been missed meanwhile. Messages from this node
 * (same node id) are ignored.
 */
public final class RedisInvalidationBus implements InvalidationBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidationBus.class);

  /** Sends a raw message; throws {@code TierUnavailableException} when Redis cannot take it. */
  @FunctionalInterface
  public interface Publisher {
    /** Publishes {@code message} on {@code channel}. */
    void publish(byte[] channel, byte[] message);
  }

  private final String cacheName;
  private final String nodeId;
  private final String channelName;
  private final byte[] channel;
  private final RedisConnection connection;
  private final Publisher publisher;
  private final AtomicReference<@Nullable Consumer<InvalidationMessage>> listener = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder sent = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder ownIgnored = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder resyncs = new LongAdder();
  private volatile @Nullable RedisSubscription subscription;

  /**
   * @param cacheName the cache whose channel this is
   * @param nodeId this node's id, stamped on published messages
   * @param channel the pub/sub channel
   * @param connection the shared connection whose subscriber carries the channel
   * @param publisher the tier's guarded PUBLISH
   */
  public RedisInvalidationBus(String cacheName, String nodeId, String channel, RedisConnection connection,
      Publisher publisher) {
    this.cacheName = Objects.requireNonNull(cacheName);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.channelName = Objects.requireNonNull(channel);
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
    this.connection = Objects.requireNonNull(connection);
    this.publisher = Objects.requireNonNull(publisher);
  }

  @Override
  public void publish(InvalidationMessage message) {
    Objects.requireNonNull(message, "message");
    if (message.kind() == InvalidationMessage.Kind.RESYNC || closed.get()) {
      return; // RESYNC is local-only by definition
    }
    InvalidationMessage stamped = new InvalidationMessage(message.cache(), message.kind(), message.value(), nodeId);
    try {
      publisher.publish(channel, InvalidationCodec.encode(stamped));
      sent.increment();
    } catch (RuntimeException e) {
      // Other nodes keep the old value until their L1 TTL expires (or they resync after reconnecting).
      publishFailures.increment();
      LOG.debug("cache {}: publishing invalidation {} failed", cacheName, stamped, e);
    }
  }

  @Override
  public void subscribe(Consumer<InvalidationMessage> listener) {
    Objects.requireNonNull(listener, "listener");
    if (closed.get()) {
      throw new IllegalStateException("invalidation bus of cache " + cacheName + " is closed");
    }
    if (!this.listener.compareAndSet(null, listener)) {
      throw new IllegalStateException("invalidation bus of cache " + cacheName + " already has a subscriber");
    }
    subscription = connection.subscribe(channelName, new RedisMessageListener() {
      @Override
      public void onMessage(byte[] payload) {
        receive(payload);
      }

      @Override
      public void onResubscribed() {
        resyncs.increment();
        LOG.info("cache {}: invalidation subscription restored; clearing L1 as messages may have been missed",
            cacheName);
        deliver(InvalidationMessage.resync(cacheName));
      }
    });
  }

  private void receive(byte[] payload) {
    InvalidationMessage message = InvalidationCodec.decode(payload);
    // No check of message.cache(): the channel already belongs to one cache, whose TieredCache may
    // call itself by another name than this tier.
    if (message == null) {
      malformed.increment();
      LOG.debug("cache {}: dropped a malformed invalidation message of {} bytes", cacheName, payload.length);
      return;
    }
    if (message.origin().equals(nodeId)) {
      ownIgnored.increment();
      return;
    }
    received.increment();
    deliver(message);
  }

  private void deliver(InvalidationMessage message) {
    Consumer<InvalidationMessage> l = listener.get();
    if (l == null) {
      return;
    }
    try {
      l.accept(message);
    } catch (RuntimeException e) {
      // The subscription must outlive a faulty listener; the message is lost for this node only.
      LOG.warn("cache {}: invalidation listener failed on {}", cacheName, message, e);
    }
  }

  /** Whether this channel is carried by a subscription Redis has confirmed right now. */
  public boolean isSubscribed() {
    return subscription != null && !closed.get() && connection.stats().subscribed();
  }

  /** Messages published. */
  public long sent() {
    return sent.sum();
  }

  /** Messages that could not be published. */
  public long publishFailures() {
    return publishFailures.sum();
  }

  /** Messages from other nodes delivered to the listener. */
  public long received() {
    return received.sum();
  }

  /** This node's own messages, ignored. */
  public long ownIgnored() {
    return ownIgnored.sum();
  }

  /** Messages that could not be decoded, dropped. */
  public long malformed() {
    return malformed.sum();
  }

  /** RESYNCs delivered after a reconnect. */
  public long resyncs() {
    return resyncs.sum();
  }

  /** Ends this channel's subscription; the shared subscriber goes on for other caches. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RedisSubscription s = subscription;
    if (s != null) {
      s.close();
    }
  }
}
