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
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One node's workers of the Redis store: a fetch thread reads batches of the registered handlers' streams
 * (highest priority first) and reclaims batches whose lease expired (XAUTOCLAIM); at most {@code slots}
 * batches run at once on the worker threads; one timer renews the leases of all of them in one script call.
 */
final class StoreWorkers {
  private static final Logger log = LoggerFactory.getLogger(StoreWorkers.class);
  private static final long STREAMS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisJobs store;
  private final int slots;
  private final Semaphore free;
  private final ThreadPoolExecutor pool;
  private final Thread fetcher;
  private final ScheduledExecutorService timer;
  private final BatchRunner runner;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final Backoff backoff;
  private volatile boolean stopping;
  private volatile List<String> streams = List.of();
  private long streamsReadAt = Long.MIN_VALUE / 2;
  private long nextReclaim;
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
    this.free = new Semaphore(slots);
    this.timer = timer;
    this.pool = new ThreadPoolExecutor(slots, slots, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreadFactory.of("batch", name + "-store-worker"));
    this.fetcher = DaemonThreadFactory.of("batch", name + "-store-fetch").newThread(this::fetchLoop);
    this.runner = new BatchRunner(store, retry, held);
    this.backoff = Backoff.exponential(Duration.ofMillis(50), store.redis.config().maxProbeInterval());
  }

  void start() {
    long period = store.config.renewInterval().toNanos();
    renewal = timer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.NANOSECONDS);
    fetcher.start();
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
      if (r != null && i < r.size() && Long.valueOf(1).equals(r.get(i))) {
        store.counters.renewed.increment();
      } else if (held.remove(h.key(), h)) {
        store.counters.expired.increment();
        log.warn("store {}: lost the lease of job {} batch {} (token {}); its result will be rejected",
            store.keys.prefix, h.jobId(), h.batch(), h.token());
      }
    }
  }

  private void fetchLoop() {
    int failures = 0;
    while (!stopping) {
      int got = 0;
      try {
        if (!free.tryAcquire(store.config.pollInterval().toNanos(), TimeUnit.NANOSECONDS)) {
          continue;
        }
        got = 1 + free.drainPermits();
        List<Work> work = fetch(got);
        free.release(got - work.size());
        got = 0;
        for (Work w : work) {
          pool.execute(() -> {
            try {
              runner.run(w.stream(), w.entry());
            } catch (RuntimeException e) {
              // The batch stays pending: reclaimed once its lease (if any) expired.
              store.counters.redisErrors.increment();
              log.warn("store {}: batch {} of {} failed on this node", store.keys.prefix, w.entry().getID(),
                  w.stream(), e);
            } finally {
              free.release();
            }
          });
        }
        failures = 0;
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        free.release(got);
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

  private List<Work> fetch(int count) {
    refreshStreams();
    List<String> order = streams;
    if (order.isEmpty()) {
      LockSupport.parkNanos(store.config.pollInterval().toNanos());
      return List.of();
    }
    List<Work> out = new ArrayList<>();
    long now = System.nanoTime();
    if (now - nextReclaim >= 0) {
      nextReclaim = now + store.config.reclaimInterval().toNanos();
      for (String s : order) {
        if (out.size() >= count) {
          break;
        }
        int want = count - out.size();
        Map.Entry<StreamEntryID, List<StreamEntry>> r = store.redis.execute("reclaim", c -> c.client().xautoclaim(s,
            StoreKeys.GROUP, store.config.nodeId(), store.config.lease().toMillis(), new StreamEntryID(0, 0),
            XAutoClaimParams.xAutoClaimParams().count(want)));
        for (StreamEntry e : r.getValue()) {
          out.add(new Work(s, e));
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    for (String s : order) {
      List<Work> got = read(List.of(s), count, 0);
      if (!got.isEmpty()) {
        return got;
      }
    }
    int block = (int) Math.max(1, Math.min(store.config.pollInterval().toMillis(),
        store.redis.config().socketTimeout().toMillis() / 2));
    return read(order, count, block);
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

  private void refreshStreams() {
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
    return slots - free.availablePermits();
  }

  void stop(long drainNanos) {
    stopping = true;
    fetcher.interrupt();
    try {
      fetcher.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(Math.max(0, drainNanos), TimeUnit.NANOSECONDS)) {
        if (running() > 0) {
          log.warn("store {}: {} batch(es) still running at close; interrupting them (their leases expire and "
            + "another node runs them again)", store.keys.prefix, running());
        }
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (renewal != null) {
      renewal.cancel(false);
    }
  }

  static String text(Object o) {
    return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
  }
}
