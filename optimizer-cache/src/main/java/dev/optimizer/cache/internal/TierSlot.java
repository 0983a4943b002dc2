package dev.optimizer.cache.internal;

import dev.optimizer.cache.Tier;
import dev.optimizer.cache.TierStats;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.TierUnavailableException;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.Backoff;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One byte tier as the cache uses it: every call is guarded so a failure becomes a miss or a skipped
 * write, counted, and logged once per outage (at the first failure and at recovery). After a failure the
 * tier is not called for a backoff that doubles per consecutive failure; the first call after it is the
 * probe that lets the tier rejoin by itself.
 */
public final class TierSlot {
  private static final Logger log = LoggerFactory.getLogger(TierSlot.class);

  private final Tier tier;
  private final ByteTier store;
  private final String cacheName;
  private final Ticker ticker;
  private final Backoff backoff;

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder puts = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder busy = new LongAdder();
  final LongAdder decodeFailures = new LongAdder();

  private final AtomicBoolean down = new AtomicBoolean();
  private volatile long retryAt;
  // Failures since the tier was last up. Unsynchronised like the doubling it replaced: two failures at
  // once may count as one step, which shortens one wait and nothing else.
  private volatile int consecutiveFailures;

  // The cache's key prefix, left out for a store that prefixes its cache's name itself ("" otherwise).
  private final String dropPrefix;
  private final String dropGlobPrefix;

  TierSlot(Tier tier, ByteTier store, String cacheName, String cacheKeyPrefix, Ticker ticker, Duration backoff,
      Duration max) {
    this.dropPrefix = store.prefixesCacheName() ? cacheKeyPrefix : "";
    this.dropGlobPrefix = Glob.escape(dropPrefix);
    this.tier = tier;
    this.store = store;
    this.cacheName = cacheName;
    this.ticker = ticker;
    this.backoff = Backoff.exponential(backoff, max);
  }

  Tier tier() {
    return tier;
  }

  ByteTier store() {
    return store;
  }

  /** The bytes under {@code key}, or null when absent, failing or backing off. */
  byte @Nullable [] get(String key) {
    String k = storeKey(key);
    byte[] b = call("get", () -> store.get(k), null);
    (b == null ? misses : hits).increment();
    return b;
  }

  /** The present entries; empty when failing or backing off. */
  Map<String, byte[]> getAll(Collection<String> keys) {
    Map<String, byte[]> found = dropPrefix.isEmpty()
        ? call("getAll", () -> store.getAll(keys), Map.of())
        : withPrefix(call("getAll", () -> store.getAll(keys.stream().map(this::storeKey).toList()), Map.of()));
    hits.add(found.size());
    misses.add(keys.size() - found.size());
    return found;
  }

  void put(String key, byte[] value, Duration ttl) {
    String k = storeKey(key);
    if (call("put", () -> {
      store.put(k, value, ttl);
      return Boolean.TRUE;
    }, Boolean.FALSE)) {
      puts.increment();
    }
  }

  void putAll(Map<String, byte[]> entries, Duration ttl) {
    if (entries.isEmpty()) {
      return;
    }
    Map<String, byte[]> forStore = dropPrefix.isEmpty() ? entries : withoutPrefix(entries);
    if (call("putAll", () -> {
      store.putAll(forStore, ttl);
      return Boolean.TRUE;
    }, Boolean.FALSE)) {
      puts.add(entries.size());
    }
  }

  void invalidate(String key) {
    String k = storeKey(key);
    call("invalidate", () -> {
      store.invalidate(k);
      return Boolean.TRUE;
    }, Boolean.FALSE);
  }

  void invalidateMatching(String glob) {
    String g = glob.startsWith(dropGlobPrefix) ? glob.substring(dropGlobPrefix.length()) : glob;
    call("invalidateMatching", () -> store.invalidateMatching(g), -1L);
  }

  private String storeKey(String cacheKey) {
    return !dropPrefix.isEmpty() && cacheKey.startsWith(dropPrefix) ? cacheKey.substring(dropPrefix.length())
        : cacheKey;
  }

  private Map<String, byte[]> withoutPrefix(Map<String, byte[]> entries) {
    Map<String, byte[]> out = new java.util.HashMap<>(Math.max(4, entries.size() * 2));
    entries.forEach((k, v) -> out.put(storeKey(k), v));
    return out;
  }

  private Map<String, byte[]> withPrefix(Map<String, byte[]> found) {
    Map<String, byte[]> out = new java.util.HashMap<>(Math.max(4, found.size() * 2));
    found.forEach((k, v) -> out.put(dropPrefix + k, v));
    return out;
  }

  void invalidateAll() {
    call("invalidateAll", () -> {
      store.invalidateAll();
      return Boolean.TRUE;
    }, Boolean.FALSE);
  }

  void decodeFailed(String key, RuntimeException e) {
    decodeFailures.increment();
    log.warn("cache {}: {} value under '{}' cannot be decoded, treated as a miss: {}", cacheName, tier,
        key, e.getMessage());
  }

  /** A write dropped by write-behind after it failed; counted like any tier error. */
  void writeDropped(int entries, RuntimeException e) {
    failed("write-behind flush of " + entries + " entries", e);
  }

  TierStats stats() {
    long size;
    try {
      size = store.estimatedSize();
    } catch (RuntimeException e) {
      size = -1;
    }
    return new TierStats(tier, hits.sum(), misses.sum(), puts.sum(), errors.sum(), skipped.sum() + busy.sum(),
        decodeFailures.sum(), evictions(), size, !down.get());
  }

  /** Entries the store evicted for its bound, or -1 when the store cannot tell. */
  long evictions() {
    return store instanceof dev.optimizer.cache.MapDbTier m ? m.evictions() : -1;
  }

  boolean available() {
    return !down.get();
  }

  private <T> T call(String op, Supplier<T> action, T fallback) {
    // A tier with its own circuit breaker fails fast by itself; a second backoff here would only delay
    // its return after the breaker has closed.
    if (!store.guardsOutages() && down.get() && ticker.read() - retryAt < 0) {
      skipped.increment();
      return fallback;
    }
    T result;
    try {
      result = action.get();
    } catch (TierUnavailableException e) {
      if (!e.isOutage()) {
        // The store is fine; this call was not served (busy pool, budget spent). Not an outage: the tier
        // stays up and nothing is logged per call (issue 11 item 2).
        busy.increment();
        log.debug("cache {}: tier {} did not serve {}: {}", cacheName, tier, op, e.getMessage());
        return fallback;
      }
      failed(op, e);
      return fallback;
    } catch (RuntimeException e) {
      failed(op, e);
      return fallback;
    }
    if (down.get() && down.compareAndSet(true, false)) {
      consecutiveFailures = 0;
      log.info("cache {}: tier {} is back", cacheName, tier);
    }
    return result;
  }

  private void failed(String op, RuntimeException e) {
    errors.increment();
    int failures = consecutiveFailures;
    if (failures < Integer.MAX_VALUE) {
      consecutiveFailures = ++failures;
    }
    long next = backoff.delayNanos(failures);
    retryAt = ticker.read() + next;
    if (down.compareAndSet(false, true)) {
      // Logged once per outage: callers keep running on the other tiers, a log line per call would flood.
      if (store.guardsOutages()) {
        log.warn("cache {}: tier {} failed on {}; reads and writes fall back to the other tiers while its "
            + "own circuit breaker decides when to retry: {}", cacheName, tier, op, e.toString());
      } else {
        log.warn("cache {}: tier {} failed on {} and is skipped until it recovers (retry in {} ms): {}",
            cacheName, tier, op, next / 1_000_000, e.toString());
      }
      log.debug("cache {}: tier {} failure detail", cacheName, tier, e);
    } else {
      log.debug("cache {}: tier {} still failing on {}: {}", cacheName, tier, op, e.toString());
    }
  }

  void close() {
    try {
      store.close();
    } catch (RuntimeException e) {
      log.warn("cache {}: closing tier {} failed", cacheName, tier, e);
    }
  }

  /** The store's scope for one cache operation on this thread. */
  ByteTier.Scope openScope() {
    return store.openScope();
  }
}
