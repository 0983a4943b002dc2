package dev.optimizer.batch.internal.redis;

import static dev.optimizer.batch.internal.redis.StoreKeys.b;
import static dev.optimizer.batch.internal.redis.StoreWorkers.text;

import dev.optimizer.batch.BatchFunction;
import dev.optimizer.batch.JobStoreException.Kind;
import dev.optimizer.batch.RetryPolicy;
import dev.optimizer.batch.internal.redis.BatchFrames.Outcome;
import dev.optimizer.batch.internal.redis.StoreWorkers.Held;
import dev.optimizer.core.support.Backoff;
import dev.optimizer.redis.RedisUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Runs one delivered batch: TAKE (lease and fencing token), decode, the handler with the retry policy,
 * encode, COMPLETE with the token. A stale token's completion is rejected by the script and counted.
 */
final class BatchRunner {
  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

  private final RedisJobs store;
  private final RetryPolicy retry;
  private final Map<String, Held> held;
  private final Backoff redisBackoff;

  BatchRunner(RedisJobs store, RetryPolicy retry, Map<String, Held> held) {
    this.store = store;
    this.retry = retry;
    this.held = held;
    this.redisBackoff = Backoff.exponential(Duration.ofMillis(20), Duration.ofSeconds(1));
  }

  /** Takes and runs a delivered entry; {@code next} and the value returned as in {@link #taken}. */
  @Nullable List<?> run(String stream, StreamEntry entry, @Nullable List<String> next) {
    String eid = entry.getID().toString();
    long jobId;
    int batch;
    try {
      jobId = Long.parseLong(entry.getFields().get("j"));
      batch = Integer.parseInt(entry.getFields().get("b"));
    } catch (RuntimeException e) {
      log.warn("store {}: stream entry {} of {} is not a batch ({}); acknowledged and dropped", store.keys.prefix, eid,
          stream, entry.getFields());
      try {
        store.redis.execute("drop-entry", c -> c.client().xack(stream, StoreKeys.GROUP, entry.getID())
            + c.client().xdel(stream, entry.getID()));
      } catch (RedisUnavailableException x) {
        store.counters.redisErrors.increment();
      }
      return null;
    }
    List<?> r;
    try {
      r = (List<?>) store.eval("take", StoreScripts.TAKE, List.of(b(store.keys.job(jobId)), b(stream),
          b(store.keys.dead()), b(store.keys.counts())), List.of(b(batch), b(store.config.nodeId()),
          b(store.config.lease().toMillis()), b(eid), b(StoreKeys.GROUP), b(store.config.maxDeliveries()),
          b(store.keys.channel()), b(jobId), b(store.config.deadLetterCapacity()),
          b(store.config.finishedTtl().toMillis())));
    } catch (RedisUnavailableException e) {
      store.counters.redisErrors.increment();
      log.debug("store {}: take of job {} batch {} failed: {}", store.keys.prefix, jobId, batch, e.getMessage());
      return null; // still pending in this node's list; reclaimed once idle past the lease
    }
    return taken(stream, eid, jobId, batch, r, next);
  }

  /**
   * Runs what a TAKE (or READ_AND_TAKE) script returned for entry {@code eid} of {@code stream}. With
   * {@code next} (the streams to read, highest priority first), the completion also reads and takes this
   * worker's next batch in the same round trip and returns what READ_AND_TAKE would; null otherwise.
   */
  @Nullable List<?> taken(String stream, String eid, long jobId, int batch, List<?> r, @Nullable List<String> next) {
    String outcome = text(r.get(0));
    switch (outcome) {
      case "OK" -> {
        long token = num(r.get(1));
        if (num(r.get(3)) == 1L) {
          store.counters.reclaims.increment();
        }
        store.counters.taken.increment();
        Held h = new Held(jobId, batch, token, stream, eid);
        held.put(h.key(), h);
        try {
          byte[] payload = (byte[]) r.get(4);
          String handler = text(r.get(5));
          int items = (int) num(r.get(6));
          int batchSize = (int) num(r.get(7));
          int count = Math.min(batchSize, items - batch * batchSize);
          List<Outcome> list = execute(jobId, batch, handler, payload, count);
          return complete(h, list, next);
        } finally {
          held.remove(h.key(), h);
        }
      }
      case "DEAD" -> {
        store.counters.deadLetters.increment();
        log.warn("store {}: job {} batch {} dead-lettered after {} deliveries", store.keys.prefix, jobId, batch,
            r.get(1));
      }
      case "CORRUPT" -> log.warn("store {}: job {} is damaged and failed: {}", store.keys.prefix, jobId,
          text(r.get(1)));
      default -> log.debug("store {}: job {} batch {}: {}", store.keys.prefix, jobId, batch, outcome);
    }
    return null;
  }

  static long num(Object o) {
    return o instanceof Long l ? l : Long.parseLong(text(o));
  }

  private List<Outcome> execute(long jobId, int batch, String handlerName, byte[] payload, int count) {
    RedisJobs.Registration<?, ?> reg = store.handlers().get(handlerName);
    if (reg == null) {
      return all(count, Outcome.failure("kind:" + Kind.UNKNOWN_HANDLER, "job " + jobId + ": handler '" + handlerName
          + "' is not registered on node " + store.config.nodeId(), 1));
    }
    List<byte[]> raw;
    try {
      raw = BatchFrames.items(payload, count);
    } catch (IllegalArgumentException e) {
      return all(count, Outcome.failure("kind:" + Kind.UNDECODABLE_ITEM, "job " + jobId + " batch " + batch + ": "
          + e.getMessage(), 1));
    }
    return executeTyped(jobId, batch, reg, raw);
  }

  private <I, O> List<Outcome> executeTyped(long jobId, int batch, RedisJobs.Registration<I, O> reg,
      List<byte[]> raw) {
    Outcome[] out = new Outcome[raw.size()];
    List<I> items = new ArrayList<>(raw.size());
    List<Integer> positions = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      try {
        items.add(reg.itemCodec().decode(raw.get(i)));
        positions.add(i);
      } catch (RuntimeException e) {
        out[i] = Outcome.failure("kind:" + Kind.UNDECODABLE_ITEM, "job " + jobId + " batch " + batch + " item " + i
            + ": " + e, 1);
      }
    }
    if (!items.isEmpty()) {
      runWithRetries(reg.handler(), items, positions, out, reg);
    }
    return Arrays.asList(out);
  }

  private <I, O> void runWithRetries(BatchFunction<I, O> fn, List<I> items, List<Integer> positions, Outcome[] out,
      RedisJobs.Registration<I, O> reg) {
    for (int attempt = 1; ; attempt++) {
      try {
        long started = System.nanoTime();
        List<O> results = fn.apply(items);
        store.latencies.record(reg.name(), System.nanoTime() - started, items.size());
        if (results == null || results.size() != items.size()) {
          throw new IllegalStateException("handler '" + reg.name() + "' returned " + (results == null ? "null"
              : results.size() + " results") + " for " + items.size() + " items");
        }
        for (int i = 0; i < results.size(); i++) {
          O v = results.get(i);
          int pos = positions.get(i);
          try {
            out[pos] = Outcome.value(v == null ? null : reg.resultCodec().encode(v));
          } catch (RuntimeException e) {
            out[pos] = Outcome.failure(e.getClass().getName(), "result not encodable: " + e.getMessage(), attempt);
          }
        }
        return;
      } catch (Exception e) {
        if (attempt < retry.maxAttempts() && retry.isRetryable(e)) {
          LockSupport.parkNanos(retry.backoffNanos(attempt, ThreadLocalRandom.current().nextDouble()));
          continue;
        }
        for (int pos : positions) {
          out[pos] = Outcome.failure(e.getClass().getName(), String.valueOf(e.getMessage()), attempt);
        }
        return;
      }
    }
  }

  private static List<Outcome> all(int count, Outcome o) {
    List<Outcome> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(o);
    }
    return list;
  }

  /** Completes {@code h}; with {@code next}, also reads and takes the next batch (see {@link #taken}). */
  private @Nullable List<?> complete(Held h, List<Outcome> list, @Nullable List<String> next) {
    int done = 0;
    int failed = 0;
    for (Outcome o : list) {
      if (o.failed()) {
        failed++;
      } else {
        done++;
      }
    }
    byte[] outcomes = BatchFrames.outcomes(list);
    List<byte[]> keys = new ArrayList<>(4 + (next == null ? 0 : next.size()));
    keys.add(b(store.keys.job(h.jobId())));
    keys.add(b(h.stream()));
    keys.add(b(store.keys.counts()));
    List<byte[]> args = new ArrayList<>(15);
    args.addAll(List.of(b(h.batch()), b(h.token()), outcomes, b(done), b(failed), b(h.entryId()),
        b(StoreKeys.GROUP), b(store.keys.channel()), b(h.jobId())));
    if (next != null) {
      keys.add(b(store.keys.dead()));
      for (String s : next) {
        keys.add(b(s));
      }
      args.addAll(List.of(b(store.config.nodeId()), b(store.config.lease().toMillis()),
          b(store.config.maxDeliveries()), b(store.config.deadLetterCapacity()),
          b(store.config.finishedTtl().toMillis()), b(store.keys.prefix)));
    }
    long deadline = System.nanoTime() + store.config.lease().toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        List<?> r = next == null ? (List<?>) store.eval("complete", StoreScripts.COMPLETE, keys, args)
            : (List<?>) store.eval("complete-and-read", StoreScripts.COMPLETE_AND_READ, keys, args);
        String outcome = text(r.get(0));
        switch (outcome) {
          case "OK" -> {
            store.counters.completed.increment();
            if (r.size() > 1 && JobWatch.isTerminal(text(r.get(1)))) {
              store.ended(h.jobId()); // a handle on this node learns it without the pub/sub hop
            }
          }
          case "STALE" -> {
            store.counters.stale.increment();
            log.warn("store {}: completion of job {} batch {} rejected: token {} is stale (the lease expired and "
                + "another worker took the batch)", store.keys.prefix, h.jobId(), h.batch(), h.token());
          }
          default -> log.debug("store {}: completion of job {} batch {}: {}", store.keys.prefix, h.jobId(),
              h.batch(), outcome);
        }
        return next == null ? null : r.subList(2, r.size());
      } catch (RedisUnavailableException e) {
        store.counters.redisErrors.increment();
        if (System.nanoTime() - deadline > 0) {
          log.warn("store {}: could not complete job {} batch {} within its lease ({}); another worker will run it "
              + "again", store.keys.prefix, h.jobId(), h.batch(), e.getMessage());
          return null;
        }
        LockSupport.parkNanos(redisBackoff.delayNanos(Math.min(attempt, 10),
            ThreadLocalRandom.current().nextDouble()));
      }
    }
  }
}
