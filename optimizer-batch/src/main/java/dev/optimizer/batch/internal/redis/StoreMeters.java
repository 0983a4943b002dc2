package dev.optimizer.batch.internal.redis;

import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.JobStoreStats;
import dev.optimizer.core.Ticker;
import dev.optimizer.redis.RedisUnavailableException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * The store's stats and meters: this node's counters, and the store-wide figures (jobs by state, queued
 * batches, queue lag) read from Redis, at most once a second for the gauges.
 */
final class StoreMeters implements MeterBinder {
  private static final long GAUGE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final RedisJobs store;
  private final String processor;
  private final Ticker ticker;
  private volatile JobStoreStats cached;
  private volatile long cachedAt;

  StoreMeters(RedisJobs store, String processor, Ticker ticker) {
    this.store = store;
    this.processor = processor;
    this.ticker = ticker;
  }

  /** A fresh snapshot; store-wide figures are zero (and logged at debug) when Redis cannot be read. */
  JobStoreStats snapshot() {
    Map<JobStatus, Long> byState = new EnumMap<>(JobStatus.class);
    for (JobStatus s : JobStatus.values()) {
      byState.put(s, 0L);
    }
    long queued = 0;
    long lagMillis = 0;
    try {
      Map<String, String> counts = store.redis.execute("stats", c -> c.client().hgetAll(store.keys.counts()));
      counts.forEach((k, v) -> {
        try {
          byState.put(JobStatus.valueOf(k), Math.max(0, Long.parseLong(v)));
        } catch (IllegalArgumentException e) {
          // a field this version does not know; not a state count
        }
      });
      Set<String> queues = store.redis.execute("stats", c -> c.client().smembers(store.keys.queues()));
      long now = store.nowMillis();
      for (String q : queues) {
        List<StreamGroupInfo> groups = store.redis.execute("stats", c -> c.client().xinfoGroups(q));
        for (StreamGroupInfo g : groups) {
          if (!StoreKeys.GROUP.equals(g.getName())) {
            continue;
          }
          Object lag = g.getGroupInfo().get("lag");
          if (lag instanceof Long l) {
            queued += l;
          }
          StreamEntryID last = g.getLastDeliveredId();
          List<StreamEntry> next = store.redis.execute("stats", c -> c.client().xrange(q,
              new StreamEntryID(last.getTime(), last.getSequence() + 1), (StreamEntryID) null, 1));
          if (!next.isEmpty()) {
            lagMillis = Math.max(lagMillis, now - next.get(0).getID().getTime());
          }
        }
      }
    } catch (RedisUnavailableException e) {
      store.counters.redisErrors.increment();
    }
    StoreCounters c = store.counters;
    JobStoreStats s = new JobStoreStats(c.submitted.sum(), c.taken.sum(), c.completed.sum(), c.renewed.sum(),
        c.expired.sum(), c.reclaims.sum(), c.stale.sum(), c.deadLetters.sum(), byState, queued,
        Duration.ofMillis(Math.max(0, lagMillis)));
    cached = s;
    cachedAt = ticker.read();
    return s;
  }

  private JobStoreStats recent() {
    JobStoreStats s = cached;
    if (s == null || ticker.read() - cachedAt > GAUGE_REFRESH_NANOS) {
      s = snapshot();
    }
    return s;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("processor", processor, "store", store.keys.prefix);
    for (JobStatus st : JobStatus.values()) {
      gauge(registry, "optimizer.batch.store.jobs", tags.and("state", st.name().toLowerCase()),
          m -> m.recent().jobsByState().getOrDefault(st, 0L));
    }
    gauge(registry, "optimizer.batch.store.queue.batches", tags, m -> m.recent().queuedBatches());
    gauge(registry, "optimizer.batch.store.queue.lag", tags, m -> m.recent().queueLag().toMillis() / 1000.0);
    StoreCounters c = store.counters;
    counter(registry, "optimizer.batch.store.leases", tags.and("result", "renewed"), c.renewed);
    counter(registry, "optimizer.batch.store.leases", tags.and("result", "expired"), c.expired);
    counter(registry, "optimizer.batch.store.reclaims", tags, c.reclaims);
    counter(registry, "optimizer.batch.store.dead_letters", tags, c.deadLetters);
    counter(registry, "optimizer.batch.store.stale_rejected", tags, c.stale);
    counter(registry, "optimizer.batch.store.batches", tags.and("result", "taken"), c.taken);
    counter(registry, "optimizer.batch.store.batches", tags.and("result", "completed"), c.completed);
    counter(registry, "optimizer.batch.store.jobs.submitted", tags, c.submitted);
    counter(registry, "optimizer.batch.store.redis_errors", tags, c.redisErrors);
  }

  private void gauge(MeterRegistry registry, String name, Tags tags, ToDoubleFunction<StoreMeters> f) {
    Gauge.builder(name, this, f).tags(tags).register(registry);
  }

  private static void counter(MeterRegistry registry, String name, Tags tags, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).tags(tags).register(registry);
  }
}
