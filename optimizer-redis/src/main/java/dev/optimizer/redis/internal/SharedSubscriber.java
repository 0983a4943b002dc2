package dev.optimizer.redis.internal;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.Backoff;
import dev.optimizer.redis.RedisMessageListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;

/**
 * One subscriber connection and one thread carrying every channel of a {@link
 * dev.optimizer.redis.RedisConnection}.
 *
 * <p><b>Why nothing but this thread reads, and nothing writes PING.</b> The subscriber's socket is read
 * only by its thread; other threads write to it only to add or drop channels, under {@link #lock}. The
 * liveness check does not PING over this socket (in Jedis 8 a PING reply can overtake the handler that
 * is queued for it after the flush, which dropped healthy subscriptions: issue 11 item 1). Instead the
 * heartbeat PUBLISHes a message on this connection's own heartbeat channel through the pool, and the
 * subscription is alive while those messages come back. That checks the whole path a real invalidation
 * takes. A heartbeat that could not be published (busy pool, Redis down or frozen) proves nothing either
 * way and never drops the subscription: a server that cannot take a PUBLISH cannot deliver anyone else's
 * either. Only a heartbeat published successfully and not heard back within two intervals (at least one
 * second) does: the half-open connection a restarted server or an expired NAT entry leaves behind.
 *
 * <p>After a lost connection the thread reconnects with doubling, jittered backoff, subscribes every
 * channel again and tells each channel's listener {@link RedisMessageListener#onResubscribed()} once its
 * channel is confirmed.
 */
public final class SharedSubscriber implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedSubscriber.class);

  /** Sends one heartbeat; returns false when it could not be published. */
  @FunctionalInterface
  public interface HeartbeatPublisher {
    /** PUBLISHes {@code message} on {@code channel}; true if Redis took it. */
    boolean publish(byte[] channel, byte[] message);
  }

  private final RedisBackend backend;
  private final Ticker ticker;
  private final Backoff reconnectBackoff;
  private final long heartbeatNanos;
  private final long silenceNanos;
  private final byte[] heartbeatChannel;
  private final ThreadFactory threads;
  private final Object lock = new Object();
  private final Map<String, List<RedisMessageListener>> listeners = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closeSignal = new CountDownLatch(1);
  private final LongAdder lost = new LongAdder();
  private final LongAdder resubscribes = new LongAdder();
  private final LongAdder heartbeatsSilent = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();

  // Guarded by lock.
  private @Nullable Subscription current;
  private @Nullable Thread thread;

  private volatile long lastHeard;
  private volatile long lastPublished = Long.MIN_VALUE;
  private volatile boolean subscribed;

  /**
   * @param backend where the subscriber's own connection comes from
   * @param heartbeatChannel this connection's own heartbeat channel
   * @param initialBackoff first reconnect wait
   * @param maxBackoff cap of the doubling reconnect wait
   * @param heartbeat interval of the heartbeat, or ZERO for none
   * @param ticker time source
   * @param threads makes the subscriber thread
   */
  public SharedSubscriber(RedisBackend backend, String heartbeatChannel, Duration initialBackoff, Duration maxBackoff,
      Duration heartbeat, Ticker ticker, ThreadFactory threads) {
    this.backend = Objects.requireNonNull(backend);
    this.ticker = Objects.requireNonNull(ticker);
    // Jitter downwards only, so nodes that lost Redis together do not reconnect together, and the wait
    // never exceeds the configured cap.
    this.reconnectBackoff = Backoff.exponential(initialBackoff, maxBackoff).withJitter(0.5, 0);
    this.heartbeatNanos = heartbeat.toNanos();
    // Two intervals, but never under a second: a busy JVM or machine may delay a delivery by a few hundred
    // milliseconds, and dropping a healthy subscription wipes every L1 (issue 11 item 1).
    this.silenceNanos = Math.max(2 * heartbeatNanos, TimeUnit.SECONDS.toNanos(1));
    this.heartbeatChannel = heartbeatChannel.getBytes(StandardCharsets.UTF_8);
    this.threads = Objects.requireNonNull(threads);
  }

  /**
   * Adds {@code listener} to {@code channel} (a channel may have several: e.g. two caches of one name in
   * one process); starts the subscriber thread on first use.
   *
   * @throws IllegalStateException if this is closed
   */
  public void add(String channel, RedisMessageListener listener) {
    synchronized (lock) {
      if (closed.get()) {
        throw new IllegalStateException("the Redis subscriber is closed");
      }
      List<RedisMessageListener> list = listeners.get(channel);
      if (list != null) {
        list.add(listener);
      } else {
        listeners.put(channel, new CopyOnWriteArrayList<>(List.of(listener)));
        Subscription s = current;
        if (s != null && s.ready) {
          s.subscribe(bytes(channel));
        }
      }
      if (thread == null) {
        Thread t = threads.newThread(this::run);
        thread = t;
        t.start();
      }
    }
  }

  /**
   * Removes {@code listener} from {@code channel}; it gets nothing more. The channel is unsubscribed when
   * its last listener goes. Unknown pairs are ignored.
   */
  public void remove(String channel, RedisMessageListener listener) {
    synchronized (lock) {
      List<RedisMessageListener> list = listeners.get(channel);
      if (list == null || !list.remove(listener) || !list.isEmpty()) {
        return;
      }
      listeners.remove(channel);
      Subscription s = current;
      if (s != null && s.ready) {
        try {
          s.unsubscribe(bytes(channel));
        } catch (RuntimeException e) {
          // The connection is going away; the next reconnect subscribes only the channels left.
          LOG.debug("unsubscribing {} on {} failed", channel, backend.describe(), e);
        }
      }
    }
  }

  /** Channels carried, the heartbeat channel excluded. */
  public int channels() {
    return listeners.size();
  }

  /** Whether the subscription is confirmed by Redis now. */
  public boolean isSubscribed() {
    return subscribed;
  }

  /** Times the connection was lost or dropped as silent. */
  public long lost() {
    return lost.sum();
  }

  /** Times the channels were subscribed again after a loss. */
  public long resubscribes() {
    return resubscribes.sum();
  }

  /** Heartbeats published but not heard back in time (each dropped the connection). */
  public long heartbeatsSilent() {
    return heartbeatsSilent.sum();
  }

  /** Exceptions thrown by listeners (logged; the subscription went on). */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  /**
   * One heartbeat, run by the connection's timer: drops a connection whose last published heartbeat was
   * not heard back within one interval, then publishes the next one.
   */
  public void beat(HeartbeatPublisher publisher) {
    if (closed.get() || heartbeatNanos <= 0) {
      return;
    }
    Subscription s;
    synchronized (lock) {
      s = current;
    }
    if (s == null || !s.ready) {
      return; // connecting: the reconnect loop has its own backoff
    }
    long now = ticker.read();
    long published = lastPublished;
    if (published != Long.MIN_VALUE && lastHeard - published < 0 && now - published >= silenceNanos) {
      heartbeatsSilent.increment();
      LOG.warn("Redis subscriber on {}: heartbeat published {} ms ago was not received; reconnecting",
          backend.describe(), TimeUnit.NANOSECONDS.toMillis(now - published));
      lastPublished = Long.MIN_VALUE;
      s.drop();
      return;
    }
    if (published != Long.MIN_VALUE && lastHeard - published < 0) {
      return; // still within its interval
    }
    long sentAt = ticker.read();
    if (publisher.publish(heartbeatChannel, Long.toString(sentAt).getBytes(StandardCharsets.US_ASCII))) {
      lastPublished = sentAt;
    }
  }

  private void run() {
    int attempt = 0;
    int failuresSinceSubscribed = 0;
    boolean everSubscribed = false;
    boolean outageLogged = false;
    while (!closed.get()) {
      Subscription sub = new Subscription(everSubscribed);
      Connection c = null;
      try {
        c = backend.newSubscriberConnection(attempt);
        List<byte[]> initial = new ArrayList<>();
        initial.add(heartbeatChannel);
        synchronized (lock) {
          if (closed.get()) {
            break;
          }
          sub.connection = c;
          sub.initial.addAll(listeners.keySet());
          current = sub;
        }
        for (String ch : sub.initial) {
          initial.add(bytes(ch));
        }
        lastHeard = ticker.read();
        sub.proceed(c, initial.toArray(new byte[0][])); // returns when unsubscribed or the connection breaks
      } catch (RuntimeException e) {
        if (closed.get()) {
          break;
        }
        if (sub.confirmed) {
          outageLogged = false;
        }
        if (!outageLogged) {
          LOG.warn("Redis subscriber on {} lost its connection, reconnecting with backoff (logged once per"
              + " outage): {}", backend.describe(), String.valueOf(e));
          outageLogged = true;
        } else {
          LOG.debug("Redis subscriber on {}: attempt {} failed", backend.describe(), attempt, e);
        }
      } finally {
        subscribed = false;
        synchronized (lock) {
          if (current == sub) {
            current = null;
          }
          sub.ready = false;
        }
        if (c != null) {
          closeQuietly(c);
        }
      }
      if (closed.get()) {
        break;
      }
      lost.increment();
      if (sub.confirmed) {
        everSubscribed = true;
        failuresSinceSubscribed = 0;
      }
      attempt++;
      if (failuresSinceSubscribed < Integer.MAX_VALUE) {
        failuresSinceSubscribed++;
      }
      long jittered = reconnectBackoff.delayNanos(failuresSinceSubscribed);
      try {
        if (closeSignal.await(jittered, TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  private final class Subscription extends BinaryJedisPubSub {
    private final boolean resubscribe;
    private final List<String> initial = new ArrayList<>();
    private @Nullable Connection connection;
    private volatile boolean confirmed;
    // Guarded by lock: true once SUBSCRIBE was sent on a live connection, so adders may write to it.
    private boolean ready;

    Subscription(boolean resubscribe) {
      this.resubscribe = resubscribe;
    }

    @Override
    public void onSubscribe(byte[] ch, int count) {
      lastHeard = ticker.read();
      String name = new String(ch, StandardCharsets.UTF_8);
      if (Arrays.equals(ch, heartbeatChannel)) {
        confirmed = true;
        subscribed = true;
        if (resubscribe) {
          resubscribes.increment();
          LOG.info("Redis subscriber on {}: subscribed again to {} channel(s)", backend.describe(),
              initial.size());
        }
        synchronized (lock) {
          ready = true;
          // Channels added between the snapshot and now were not in the first SUBSCRIBE.
          for (String added : listeners.keySet()) {
            if (!initial.contains(added)) {
              subscribe(bytes(added));
            }
          }
        }
        return;
      }
      if (resubscribe && initial.contains(name)) {
        for (RedisMessageListener l : listeners.getOrDefault(name, List.of())) {
          try {
            l.onResubscribed();
          } catch (RuntimeException e) {
            listenerFailures.increment();
            LOG.warn("Redis subscriber: listener of {} failed on resubscribe", name, e);
          }
        }
      }
    }

    @Override
    public void onMessage(byte[] ch, byte[] payload) {
      lastHeard = ticker.read();
      if (Arrays.equals(ch, heartbeatChannel)) {
        return;
      }
      String name = new String(ch, StandardCharsets.UTF_8);
      // None when the channel was removed while its UNSUBSCRIBE was in flight.
      for (RedisMessageListener l : listeners.getOrDefault(name, List.of())) {
        try {
          l.onMessage(payload);
        } catch (RuntimeException e) {
          // The subscription must outlive a faulty listener; the message is lost for this listener only.
          listenerFailures.increment();
          LOG.warn("Redis subscriber: listener of {} failed", name, e);
        }
      }
    }

    void drop() {
      Connection c = connection;
      if (c != null) {
        closeQuietly(c);
      }
    }
  }

  /** Stops the thread (waiting up to 2 s) and closes its connection. Idempotent; never throws. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      closeSignal.countDown();
      Subscription s = current;
      if (s != null) {
        s.drop();
      }
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        t.interrupt();
        LOG.warn("Redis subscriber thread on {} did not stop within 2 s", backend.describe());
      }
    }
  }

  private static byte[] bytes(String channel) {
    return channel.getBytes(StandardCharsets.UTF_8);
  }

  private void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the subscriber connection to {} failed", backend.describe(), e);
    }
  }
}
