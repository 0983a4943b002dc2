package dev.optimizer.cache.internal;

import dev.optimizer.core.support.DaemonThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * L3 writes queued per key (the last write wins) and applied in bulk by one daemon thread. Reads consult
 * {@link #peek} first, so the cache reads its own writes before they are flushed.
 */
final class WriteBehindQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteBehindQueue.class);

  /** A queued write; a null value is a delete. */
  record Pending(byte @Nullable [] value, Duration ttl) {}

  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final TierSlot slot;
  private final int maxPending;
  private final ScheduledExecutorService flusher;

  WriteBehindQueue(TierSlot slot, String cacheName, Duration interval, int maxPending) {
    this.slot = slot;
    this.maxPending = maxPending;
    this.flusher = DaemonThreadFactory.singleThreadScheduler(
        "cache", cacheName + "-write-behind");
    long ms = Math.max(1, interval.toMillis());
    flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
  }

  void put(String key, byte[] value, Duration ttl) {
    pending.put(key, new Pending(value, ttl));
    nudge();
  }

  void delete(String key) {
    pending.put(key, new Pending(null, Duration.ZERO));
    nudge();
  }

  @Nullable Pending peek(String key) {
    return pending.get(key);
  }

  int size() {
    return pending.size();
  }

  /** Drops queued writes matching {@code tierKeys} and runs {@code then} before any flush can interleave. */
  synchronized void dropMatching(Pattern tierKeys, Runnable then) {
    pending.keySet().removeIf(k -> tierKeys.matcher(k).matches());
    then.run();
  }

  /** Drops every queued write and runs {@code then} before any flush can interleave. */
  synchronized void clear(Runnable then) {
    pending.clear();
    then.run();
  }

  /** Applies every queued write now. */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Map.Entry<String, Pending>> taken = new ArrayList<>(pending.entrySet());
    Map<Duration, Map<String, byte[]>> puts = new HashMap<>();
    for (Map.Entry<String, Pending> e : taken) {
      Pending p = e.getValue();
      if (p.value() == null) {
        slot.invalidate(e.getKey());
      } else {
        puts.computeIfAbsent(p.ttl(), t -> new HashMap<>()).put(e.getKey(), p.value());
      }
    }
    puts.forEach((ttl, entries) -> slot.putAll(entries, ttl));
    for (Map.Entry<String, Pending> e : taken) {
      // Only what was written: a newer write queued meanwhile stays for the next flush.
      pending.remove(e.getKey(), e.getValue());
    }
  }

  private void nudge() {
    if (pending.size() >= maxPending) {
      try {
        flusher.execute(this::flushQuietly);
      } catch (RejectedExecutionException e) {
        log.debug("write-behind closed; flushing on the caller", e);
        flush();
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // The slot already counts tier failures; this guards the scheduler from anything else.
      log.warn("write-behind flush failed", e);
    }
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
