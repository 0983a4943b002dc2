package dev.optimizer.batch.internal.redis;

import static dev.optimizer.batch.internal.redis.StoreKeys.b;

import dev.optimizer.batch.RetryPolicy;
import dev.optimizer.core.support.Backoff;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.redis.RedisUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One node's workers of the Redis store: {@code slots} worker threads, each taking one batch at a time: a
 * batch whose lease expired (XAUTOCLAIM, one thread per reclaim interval), else the next batch of the
 * registered handlers' streams, highest priority first, read and taken in one script; else a blocking read.
 * One timer renews the leases of all of the node's batches in one script call.
 */
final class StoreWorkers {
  private static final Logger log = LoggerFactory.getLogger(StoreWorkers.class);
  private static final long STREAMS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisJobs store;
  private final int slots;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicLong nextReclaim = new AtomicLong(System.nanoTime());
  private final List<byte[]> readArgs;
  private final ScheduledExecutorService timer;
  private final BatchRunner runner;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final Backoff backoff;
  private volatile boolean stopping;
  private volatile List<String> streams = List.of();
  private long streamsReadAt = Long.MIN_VALUE / 2;
  private ScheduledFuture<?> renewal;

  /** A batch this node holds: what the renewal needs. */
  record Held(long jobId, int batch, long token, String stream, String entryId) {
    String key() {
      return jobId + ":" + batch;
    }
  }

  StoreWorkers(RedisJobs store, int slots, String name, RetryPolicy retry, ScheduledExecutorService timer) {
    this.store = store;
    this.slots = slots;
    this.timer = timer;
    DaemonThreadFactory factory = DaemonThreadFactory.of("batch", name + "-store-worker");
    for (int i = 0; i < slots; i++) {
      threads.add(factory.newThread(this::workLoop));
    }
    this.readArgs = List.of(b(store.config.nodeId()), b(store.config.lease().toMillis()), b(StoreKeys.GROUP),
        b(store.config.maxDeliveries()), b(store.keys.channel()), b(store.config.deadLetterCapacity()),
        b(store.config.finishedTtl().toMillis()), b(store.keys.prefix));
    this.runner = new BatchRunner(store, retry, held);
    this.backoff = Backoff.exponential(Duration.ofMillis(50), store.redis.config().maxProbeInterval());
  }

  void start() {
    long period = store.config.renewInterval().toNanos();
    renewal = timer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.NANOSECONDS);
    threads.forEach(Thread::start);
  }

  /** Announces this node's handlers (so that submits find them) now, outside the timer. */
  void announce() {
    try {
      renewNow(List.of());
    } catch (RedisUnavailableException e) {
      log.warn("store {}: handlers not announced yet ({}); the lease timer retries", store.keys.prefix,
          e.getMessage());
    }
  }

  private void renew() {
    try {
      renewNow(new ArrayList<>(held.values()));
    } catch (RedisUnavailableException e) {
      store.counters.redisErrors.increment();
      log.debug("store {}: lease renewal failed: {}", store.keys.prefix, e.getMessage());
    } catch (RuntimeException e) {
      store.counters.redisErrors.increment();
      log.warn("store {}: lease renewal failed", store.keys.prefix, e);
    }
  }

  private void renewNow(List<Held> batches) {
    List<String> names = new ArrayList<>(store.handlers().keySet());
    List<byte[]> keys = new ArrayList<>(1 + batches.size());
    List<byte[]> args = new ArrayList<>(4 + names.size() + 4 * batches.size());
    keys.add(b(store.keys.handlers()));
    args.add(b(store.config.nodeId()));
    args.add(b(store.config.lease().toMillis()));
    args.add(b(StoreKeys.GROUP));
    args.add(b(names.size()));
    for (String n : names) {
      args.add(b(n));
    }
    for (String n : names) {
      args.add(b(store.latencies.drain(n)));
    }
    for (Held h : batches) {
      keys.add(b(store.keys.job(h.jobId())));
      args.add(b(h.batch()));
      args.add(b(h.token()));
      args.add(b(h.stream()));
      args.add(b(h.entryId()));
    }
    List<?> r = (List<?>) store.eval("renew", StoreScripts.RENEW, keys, args);
    for (int i = 0; i < batches.size(); i++) {
      Held h = batches.get(i);
      Object outcome = r != null && i < r.size() ? r.get(i) : null;
      if (Long.valueOf(1).equals(outcome)) {
        store.counters.renewed.increment();
      } else if (Long.valueOf(-1).equals(outcome) && held.remove(h.key(), h)) {
        store.counters.expired.increment();
        log.warn("store {}: lost the lease of job {} batch {} (token {}) to another worker; its result will be "
            + "rejected", store.keys.prefix, h.jobId(), h.batch(), h.token());
      } else {
        held.remove(h.key(), h); // finished meanwhile (often by this worker, between snapshot and script)
      }
    }
  }

  private void workLoop() {
    int failures = 0;
    boolean drained = false;
    while (!stopping) {
      try {
        drained = workOnce(drained);
        failures = 0;
      } catch (RuntimeException e) {
        drained = false;
        if (stopping) {
          return;
        }
        store.counters.redisErrors.increment();
        failures++;
        if (failures == 1) {
          log.warn("store {}: cannot read work: {}", store.keys.prefix, e.getMessage());
        }
        if (e instanceof RedisUnavailableException r && String.valueOf(r.getMessage()).contains("NOGROUP")) {
          createGroups();
        }
        LockSupport.parkNanos(backoff.delayNanos(Math.min(failures, 20), ThreadLocalRandom.current().nextDouble()));
      }
    }
  }

  private record Work(String stream, StreamEntry entry) {}

  /**
   * A reclaimed batch, else the next one (read and taken in one script), else a blocking read; then the
   * batches each completion takes. {@code drained}: the streams were found empty just now, so the read goes
   * straight to the blocking one. Returns whether the streams were found empty at the end.
   */
  private boolean workOnce(boolean drained) {
    refreshStreams();
    List<String> order = streams;
    if (order.isEmpty()) {
      LockSupport.parkNanos(store.config.pollInterval().toNanos());
      return false;
    }
    long now = System.nanoTime();
    long due = nextReclaim.get();
    if (now - due >= 0 && nextReclaim.compareAndSet(due, now + store.config.reclaimInterval().toNanos())) {
      for (String s : order) {
        Map.Entry<StreamEntryID, List<StreamEntry>> r = store.redis.execute("reclaim", c -> c.client().xautoclaim(s,
            StoreKeys.GROUP, store.config.nodeId(), store.config.lease().toMillis(), new StreamEntryID(0, 0),
            XAutoClaimParams.xAutoClaimParams().count(1)));
        if (!r.getValue().isEmpty()) {
          nextReclaim.set(now); // there may be more: the next free worker looks again at once
          return run(s, r.getValue().get(0));
        }
      }
    }
    List<byte[]> keys = new ArrayList<>(2 + order.size());
    keys.add(b(store.keys.dead()));
    keys.add(b(store.keys.counts()));
    for (String s : order) {
      keys.add(b(s));
    }
    if (!drained) {
      List<?> r = (List<?>) store.eval("read-and-take", StoreScripts.READ_AND_TAKE, keys, readArgs);
      if (!"EMPTY".equals(text(r.get(0)))) {
        return runTaken(r);
      }
    }
    int block = (int) Math.max(1, Math.min(store.config.pollInterval().toMillis(),
        store.redis.config().socketTimeout().toMillis() / 2));
    boolean empty = true;
    for (Work w : read(order, 1, block)) {
      empty = run(w.stream(), w.entry());
    }
    return empty;
  }

  /**
   * The streams a completion may read next, highest priority first; null when this worker should come back
   * to {@link #workOnce} instead (stopping, or a look for expired leases is due).
   */
  private @Nullable List<String> chainable() {
    if (stopping || System.nanoTime() - nextReclaim.get() >= 0) {
      return null;
    }
    refreshStreams();
    List<String> order = streams;
    return order.isEmpty() ? null : order;
  }

  private boolean run(String stream, StreamEntry entry) {
    List<?> next;
    busy.incrementAndGet();
    try {
      next = runner.run(stream, entry, chainable());
    } finally {
      busy.decrementAndGet();
    }
    return runTaken(next);
  }

  /**
   * Runs a batch READ_AND_TAKE returned and, while there is work, the next ones: each completion reads and
   * takes the next batch in the same script. Returns whether the last read found the streams empty.
   */
  private boolean runTaken(@Nullable List<?> r) {
    while (r != null && r.size() >= 12) {
      busy.incrementAndGet();
      try {
        r = runner.taken(text(r.get(8)), text(r.get(9)), BatchRunner.num(r.get(10)), (int) BatchRunner.num(r.get(11)),
            r, chainable());
      } finally {
        busy.decrementAndGet();
      }
    }
    return r != null && !r.isEmpty() && "EMPTY".equals(text(r.get(0)));
  }

  private List<Work> read(List<String> keys, int count, int blockMillis) {
    Map<String, StreamEntryID> from = new LinkedHashMap<>();
    for (String k : keys) {
      from.put(k, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
    }
    XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
    if (blockMillis > 0) {
      params.block(blockMillis);
    }
    List<Map.Entry<String, List<StreamEntry>>> r = store.redis.execute("read", c -> c.client().xreadGroup(
        StoreKeys.GROUP, store.config.nodeId(), params, from));
    if (r == null) {
      return List.of();
    }
    List<Work> out = new ArrayList<>();
    for (Map.Entry<String, List<StreamEntry>> e : r) {
      for (StreamEntry entry : e.getValue()) {
        out.add(new Work(e.getKey(), entry));
      }
    }
    return out;
  }

  private synchronized void refreshStreams() {
    long now = System.nanoTime();
    if (now - streamsReadAt < STREAMS_REFRESH_NANOS) {
      return;
    }
    // Higher priority first, across handlers: one sorted list of (priority, stream).
    List<Map.Entry<Double, String>> all = new ArrayList<>();
    for (String handler : store.handlers().keySet()) {
      var tuples = store.redis.execute("streams", c -> c.client().zrangeWithScores(store.keys.priorities(handler),
          0, -1));
      for (var t : tuples) {
        all.add(Map.entry(t.getScore(), t.getElement()));
      }
    }
    all.sort((a, c) -> Double.compare(c.getKey(), a.getKey()));
    List<String> order = new ArrayList<>(all.size());
    for (Map.Entry<Double, String> e : all) {
      order.add(e.getValue());
    }
    streams = List.copyOf(order);
    streamsReadAt = now;
  }

  private void createGroups() {
    for (String s : streams) {
      try {
        store.redis.execute("create-group", c -> c.client().xgroupCreate(s, StoreKeys.GROUP, new StreamEntryID(0, 0),
            true));
      } catch (RedisUnavailableException e) {
        log.debug("store {}: group of {} not created: {}", store.keys.prefix, s, e.getMessage());
      }
    }
  }

  /** Batches running on this node now. */
  int running() {
    return busy.get();
  }

  /**
   * Stops taking batches; waits up to {@code drainNanos} for running ones, then interrupts them (their leases
   * expire and another node runs them again).
   */
  void stop(long drainNanos) {
    stopping = true;
    long deadline = System.nanoTime() + Math.max(0, drainNanos);
    for (Thread t : threads) {
      if (busy.get() == 0 || System.nanoTime() - deadline >= 0) {
        t.interrupt(); // idle in a read or parked: nothing of a batch is lost
      }
    }
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        long left = deadline - System.nanoTime();
        try {
          if (left <= 0) {
            if (busy.get() > 0) {
              log.warn("store {}: {} batch(es) still running at close; interrupting them (their leases expire and "
                  + "another node runs them again)", store.keys.prefix, busy.get());
            }
            threads.forEach(Thread::interrupt);
            t.join(10_000);
            break;
          }
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          interrupted = true;
          deadline = System.nanoTime();
        }
      }
    }
    if (renewal != null) {
      renewal.cancel(false);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static String text(Object o) {
    return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
