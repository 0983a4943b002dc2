package dev.optimizer.cache.internal.redis;

import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.InvalidationMessage;
import dev.optimizer.core.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;

/**
 * Cross-node invalidation over Redis pub/sub, one channel per cache.
 *
 * <p>Publishing goes through the tier's guarded call path (circuit breaker, budget) and never throws.
 * Receiving runs on one dedicated daemon thread holding its own connection (outside the pool, so it
 * never starves callers). When that connection drops the thread reconnects with doubling, jittered
 * backoff; once subscribed again it hands the listener a {@link InvalidationMessage#resync} because
 * messages may have been missed meanwhile. Messages from this node (same node id) are ignored. A second
 * daemon thread PINGs the subscription every heartbeat interval and drops a connection that stays silent
 * for two, so a silent network partition is noticed like a closed connection.
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
  private final byte[] channel;
  private final RedisBackend backend;
  private final Publisher publisher;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final long heartbeatNanos;
  private final Ticker ticker;
  private volatile long lastHeardFrom;
  private volatile @Nullable ScheduledExecutorService heartbeat;
  private final LongAdder heartbeatTimeouts = new LongAdder();
  private final AtomicReference<@Nullable Consumer<InvalidationMessage>> listener = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closeSignal = new CountDownLatch(1);
  private final LongAdder sent = new LongAdder();
  private final LongAdder publishFailures = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder ownIgnored = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder resyncs = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private volatile boolean subscribed;
  private volatile @Nullable Thread thread;
  private volatile @Nullable Connection connection;
  private volatile @Nullable Subscription subscription;

  /**
   * @param cacheName the cache whose channel this is
   * @param nodeId this node's id, stamped on published messages
   * @param channel the pub/sub channel
   * @param backend where the subscriber's connection comes from
   * @param publisher the tier's guarded PUBLISH
   * @param initialBackoff first reconnect wait
   * @param maxBackoff cap of the doubling reconnect wait
   * @param heartbeat PING interval on the subscription, or ZERO for none
   * @param ticker time source of the heartbeat
   */
  public RedisInvalidationBus(String cacheName, String nodeId, String channel, RedisBackend backend,
      Publisher publisher, Duration initialBackoff, Duration maxBackoff, Duration heartbeat, Ticker ticker) {
    this.cacheName = Objects.requireNonNull(cacheName);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
    this.backend = Objects.requireNonNull(backend);
    this.publisher = Objects.requireNonNull(publisher);
    this.initialBackoffNanos = initialBackoff.toNanos();
    this.maxBackoffNanos = maxBackoff.toNanos();
    this.heartbeatNanos = heartbeat.toNanos();
    this.ticker = Objects.requireNonNull(ticker);
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
    Thread t = new Thread(this::run, "optimizer-redis-invalidation-" + cacheName);
    t.setDaemon(true);
    thread = t;
    t.start();
    if (heartbeatNanos > 0) {
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread h = new Thread(r, "optimizer-redis-heartbeat-" + cacheName);
        h.setDaemon(true);
        return h;
      });
      heartbeat = timer;
      timer.scheduleWithFixedDelay(this::beat, heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Runs on the heartbeat thread: PINGs the live subscription and drops a connection that has not
   * answered for two intervals, which the subscriber thread notices as a broken connection.
   */
  private void beat() {
    Subscription sub = subscription;
    Connection c = connection;
    if (closed.get() || sub == null || c == null) {
      return;
    }
    if (ticker.read() - lastHeardFrom > 2 * heartbeatNanos) {
      heartbeatTimeouts.increment();
      if (subscribed) {
        LOG.warn("cache {}: invalidation subscription silent for {} ms; reconnecting (logged once per outage)",
            cacheName, TimeUnit.NANOSECONDS.toMillis(ticker.read() - lastHeardFrom));
      } else {
        LOG.debug("cache {}: subscription attempt unanswered; retrying", cacheName);
      }
      closeQuietly(c);
      return;
    }
    if (!subscribed) {
      return; // SUBSCRIBE sent, confirmation pending: the timeout above still applies
    }
    try {
      sub.ping();
    } catch (RuntimeException e) {
      LOG.debug("cache {}: heartbeat PING failed; the subscriber will reconnect", cacheName, e);
      closeQuietly(c);
    }
  }

  private void run() {
    int attempt = 0;
    long backoff = initialBackoffNanos;
    boolean everSubscribed = false;
    boolean outageLogged = false;
    while (!closed.get()) {
      Subscription sub = new Subscription(attempt > 0 || everSubscribed);
      try {
        Connection c = backend.newSubscriberConnection(attempt);
        lastHeardFrom = ticker.read();
        connection = c;
        subscription = sub;
        if (closed.get()) {
          c.close();
          break;
        }
        sub.proceed(c, channel); // blocks until unsubscribed or the connection breaks
      } catch (RuntimeException e) {
        if (closed.get()) {
          break;
        }
        if (sub.confirmed) {
          outageLogged = false; // a new outage after a working subscription
        }
        if (!outageLogged) {
          LOG.warn("cache {}: invalidation subscription to {} lost, reconnecting with backoff (logged once"
              + " per outage): {}", cacheName, backend.describe(), String.valueOf(e));
          outageLogged = true;
        } else {
          LOG.debug("cache {}: invalidation resubscribe attempt {} failed", cacheName, attempt, e);
        }
      } finally {
        subscribed = false;
        Connection c = connection;
        connection = null;
        if (c != null) {
          closeQuietly(c);
        }
      }
      if (sub.confirmed) {
        everSubscribed = true;
        backoff = initialBackoffNanos;
      }
      if (closed.get()) {
        break;
      }
      attempt++;
      reconnects.increment();
      long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
      try {
        if (closeSignal.await(jittered, TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      backoff = Math.min(maxBackoffNanos, backoff * 2);
    }
  }

  private final class Subscription extends BinaryJedisPubSub {
    private final boolean resyncOnSubscribe;
    private volatile boolean confirmed;

    Subscription(boolean resyncOnSubscribe) {
      this.resyncOnSubscribe = resyncOnSubscribe;
    }

    @Override
    public void onPong(byte[] pattern) {
      lastHeardFrom = ticker.read();
    }

    @Override
    public void onSubscribe(byte[] ch, int count) {
      lastHeardFrom = ticker.read();
      confirmed = true;
      subscribed = true;
      if (resyncOnSubscribe) {
        resyncs.increment();
        LOG.info("cache {}: invalidation subscription restored; clearing L1 as messages may have been missed",
            cacheName);
        deliver(InvalidationMessage.resync(cacheName));
      }
    }

    @Override
    public void onMessage(byte[] ch, byte[] payload) {
      lastHeardFrom = ticker.read();
      InvalidationMessage message = InvalidationCodec.decode(payload);
      // No check of message.cache(): the channel already belongs to one cache, whose TieredCache may
      // call itself by another name than this tier.
      if (message == null) {
        malformed.increment();
        LOG.debug("cache {}: dropped a malformed invalidation message of {} bytes", cacheName,
            payload.length);
        return;
      }
      if (message.origin().equals(nodeId)) {
        ownIgnored.increment();
        return;
      }
      received.increment();
      deliver(message);
    }
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

  /** Whether the subscription is confirmed by Redis right now. */
  public boolean isSubscribed() {
    return subscribed;
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

  /** Connections dropped because they stopped answering the heartbeat. */
  public long heartbeatTimeouts() {
    return heartbeatTimeouts.sum();
  }

  /** Reconnect attempts of the subscriber. */
  public long reconnects() {
    return reconnects.sum();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeSignal.countDown();
    ScheduledExecutorService timer = heartbeat;
    if (timer != null) {
      timer.shutdownNow();
    }
    Subscription sub = subscription;
    if (sub != null && sub.isSubscribed()) {
      try {
        sub.unsubscribe();
      } catch (RuntimeException e) {
        LOG.debug("cache {}: unsubscribe failed; closing the connection instead", cacheName, e);
      }
    }
    Connection c = connection;
    if (c != null) {
      closeQuietly(c);
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        t.interrupt();
        LOG.warn("cache {}: invalidation subscriber thread did not stop within 2 s", cacheName);
      }
    }
  }

  private void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.debug("cache {}: closing the subscriber connection failed", cacheName, e);
    }
  }
}
