package dev.optimizer.dashboard.internal;

import dev.optimizer.core.support.DaemonThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server-Sent Events stream: one snapshot per interval and a heartbeat comment between, fanned out to at
 * most N clients. The snapshot is built once per interval, and only while someone listens. Each client has a
 * small queue drained by its own request thread, so a slow client only delays itself (its oldest message is
 * dropped when the queue is full) and a dead one is found by the failed write and dropped.
 */
final class StreamHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamHub.class);
  private static final byte[] END = new byte[0];
  private static final byte[] EVENT_START = "event: snapshot\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);
  private static final int QUEUE = 4;

  private final int maxClients;
  private final Supplier<byte[]> snapshot;
  private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong snapshotFailures = new AtomicLong();
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;

  /**
   * @param snapshot the snapshot as UTF-8 JSON; called on the hub's thread, once per interval with clients
   */
  StreamHub(int maxClients, Duration interval, Duration heartbeat, Supplier<byte[]> snapshot) {
    this.maxClients = maxClients;
    this.snapshot = snapshot;
    this.scheduler = DaemonThreadFactory.singleThreadScheduler("dashboard", "stream");
    scheduler.scheduleAtFixedRate(this::publishSnapshot, interval.toNanos(), interval.toNanos(),
        TimeUnit.NANOSECONDS);
    scheduler.scheduleAtFixedRate(this::publishHeartbeat, heartbeat.toNanos(), heartbeat.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /** Clients connected now. */
  int clients() {
    return count.get();
  }

  /** Clients dropped because a write failed. */
  long dropped() {
    return dropped.get();
  }

  /** A slot for one more client, or null when {@code maxClients} are connected (or the hub is closed). */
  @Nullable Client join() {
    while (true) {
      int n = count.get();
      if (closed || n >= maxClients) {
        return null;
      }
      if (count.compareAndSet(n, n + 1)) {
        Client c = new Client();
        clients.add(c);
        return c;
      }
    }
  }

  private void leave(Client c) {
    if (clients.remove(c)) {
      count.decrementAndGet();
    }
  }

  private void publishSnapshot() {
    if (clients.isEmpty()) {
      return;
    }
    byte[] event;
    try {
      event = event(snapshot.get());
    } catch (RuntimeException e) {
      // Keep streaming heartbeats; the next interval tries again.
      long n = snapshotFailures.incrementAndGet();
      if (n == 1) {
        log.warn("dashboard snapshot failed; later failures are logged at DEBUG", e);
      } else {
        log.debug("dashboard snapshot failed ({} so far)", n, e);
      }
      return;
    }
    for (Client c : clients) {
      c.offer(event);
    }
  }

  private void publishHeartbeat() {
    byte[] beat = (": heartbeat " + Instant.now() + "\n\n").getBytes(StandardCharsets.UTF_8);
    for (Client c : clients) {
      c.offer(beat);
    }
  }

  /**
   * The SSE event carrying {@code json} (UTF-8, one line): built once per interval and written as is to every
   * client, so no client encodes or copies it again.
   */
  static byte[] event(byte[] json) {
    byte[] event = new byte[EVENT_START.length + json.length + EVENT_END.length];
    System.arraycopy(EVENT_START, 0, event, 0, EVENT_START.length);
    System.arraycopy(json, 0, event, EVENT_START.length, json.length);
    System.arraycopy(EVENT_END, 0, event, EVENT_START.length + json.length, EVENT_END.length);
    return event;
  }

  /** Ends every client's stream and stops the timer. Idempotent. */
  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    for (Client c : clients) {
      c.end();
    }
  }

  /** One connected client; {@link #run} is called on its request thread. */
  final class Client {
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);

    void offer(byte[] message) {
      while (!queue.offer(message)) {
        queue.poll(); // a slow reader loses its oldest message, never blocks the hub
      }
    }

    /** Gives the slot back without streaming (the response could not start). */
    void release() {
      leave(this);
    }

    void end() {
      queue.clear();
      queue.offer(END);
    }

    /** Writes {@code preamble} and {@code first}, then every message until the hub closes or a write fails. */
    void run(OutputStream out, byte[] preamble, byte[] first) {
      try {
        out.write(preamble);
        write(out, first);
        while (!closed) {
          byte[] m = queue.poll(1, TimeUnit.SECONDS);
          if (m == END) {
            return;
          }
          if (m != null) {
            write(out, m);
          }
        }
      } catch (IOException e) {
        dropped.incrementAndGet();
        log.debug("dashboard stream client gone: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        leave(this);
      }
    }

    private void write(OutputStream out, byte[] m) throws IOException {
      out.write(m);
      out.flush();
    }
  }
}
