package dev.optimizer.cache.internal;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.spi.ByteTier;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Puts and key invalidations of one cache, in the order every node relies on: the lower tiers first, then
 * the local part (a load in flight for the key forgotten, L1 updated), then the message to other nodes,
 * so a node that hears the message and reloads finds the new value below.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class CacheWrites<K, V> {
  private final CacheConfig config;
  private final @Nullable L1Store<K> l1;
  private final LoadCoordinator<K> loads;
  private final LowerTiers<K, V> lower;
  private final InvalidationRelay<K> relay;

  CacheWrites(CacheConfig config, @Nullable L1Store<K> l1, LoadCoordinator<K> loads, LowerTiers<K, V> lower,
      InvalidationRelay<K> relay) {
    this.config = config;
    this.l1 = l1;
    this.loads = loads;
    this.lower = lower;
    this.relay = relay;
  }

  void put(K key, @Nullable V value, @Nullable Duration ttl) {
    try (ByteTier.Scope scope = lower.openScopes()) {
      Objects.requireNonNull(key, "key");
      if (value == null && !config.cacheNulls()) {
        throw new IllegalArgumentException("cache " + config.name() + ": null value needs cacheNulls(true)");
      }
      if (lower.count() > 0) {
        lower.put(key, value, ttl);
      }
      storeLocal(key, value, ttl);
    }
  }

  void putAll(Map<? extends K, ? extends V> entries) {
    if (entries.isEmpty()) {
      return;
    }
    try (ByteTier.Scope scope = lower.openScopes()) {
      for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
        if (e.getValue() == null && !config.cacheNulls()) {
          throw new IllegalArgumentException("cache " + config.name() + ": null value for key " + e.getKey()
              + " needs cacheNulls(true)");
        }
      }
      if (lower.count() > 0) {
        Map<Boolean, Map<String, byte[]>> toTiers = new HashMap<>();
        entries.forEach((k, v) -> lower.addEncoded(toTiers, k, v));
        lower.writeAll(toTiers);
      }
      entries.forEach((k, v) -> storeLocal(k, v, null));
    }
  }

  void invalidate(K key) {
    try (ByteTier.Scope scope = lower.openScopes()) {
      if (lower.count() > 0) {
        lower.invalidate(key);
      }
      loads.forget(key);
      if (l1 != null) {
        l1.invalidate(key);
      }
      relay.publishKey(key);
    }
  }

  /** A put's local part: its value wins over a load in flight, lands in L1 and is published. */
  private void storeLocal(K key, @Nullable V value, @Nullable Duration ttl) {
    loads.forget(key);
    if (l1 != null) {
      l1.put(key, value == null ? L1Values.NULL : value, ttl);
    }
    relay.publishKey(key);
  }
}
