package dev.optimizer.cache.internal;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.spi.ByteTier;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code getAll} of one cache: L1 first, then one bulk read of the lower tiers, then one bulk load of what
 * is still missing, with the keys another thread is already loading awaited instead of loaded twice.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class BulkLoads<K, V> {
  /** Stores a loaded value in L1 unless the load was superseded or the cache closed meanwhile. */
  interface L1Refill<K> {
    void store(K key, Object value, CompletableFuture<Object> mine);
  }

  private final CacheConfig config;
  private final @Nullable L1Store<K> l1;
  private final LoadCoordinator<K> loads;
  private final LowerTiers<K, V> lower;
  private final L1Refill<K> refill;

  BulkLoads(CacheConfig config, @Nullable L1Store<K> l1, LoadCoordinator<K> loads, LowerTiers<K, V> lower,
      L1Refill<K> refill) {
    this.config = config;
    this.l1 = l1;
    this.loads = loads;
    this.lower = lower;
    this.refill = refill;
  }

  Map<K, V> getAll(Collection<? extends K> keys,
      Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
    try (ByteTier.Scope scope = lower.openScopes()) {
      Map<K, V> result = new HashMap<>(Math.max(16, keys.size() * 2));
      Set<K> missing = new LinkedHashSet<>(keys);
      if (l1 != null && !missing.isEmpty()) {
        l1.getAllPresent(missing).forEach((k, v) -> {
          missing.remove(k);
          putResult(result, k, v);
        });
      }
      if (!missing.isEmpty() && lower.count() > 0) {
        lower.readAllAndPromote(missing, (k, v) -> {
          missing.remove(k);
          if (l1 != null) {
            l1.put(k, v, null);
          }
          putResult(result, k, v);
        });
      }
      if (!missing.isEmpty()) {
        loadBulk(missing, bulkLoader, result);
      }
      return result;
    }
  }

  @SuppressWarnings("unchecked")
  private void putResult(Map<K, V> result, K key, Object stored) {
    if (stored != L1Values.NULL && stored != L1Values.NOT_CACHED) {
      result.put(key, (V) stored);
    }
  }

  private void loadBulk(Set<K> missing, Function<? super Set<K>, ? extends Map<? extends K, ? extends V>>
      bulkLoader, Map<K, V> result) {
    loads.loadAll(missing, owned -> {
      Map<? extends K, ? extends V> loaded = loads.timed(() -> bulkLoader.apply(
          Collections.unmodifiableSet(new LinkedHashSet<>(owned.keySet()))));
      Map<K, Object> stored = new HashMap<>();
      Map<Boolean, Map<String, byte[]>> toTiers = new HashMap<>();
      owned.forEach((k, mine) -> {
        V v = loaded == null ? null : loaded.get(k);
        Object s = v != null ? v : config.cacheNulls() ? L1Values.NULL : L1Values.NOT_CACHED;
        if (s != L1Values.NOT_CACHED) {
          if (lower.count() > 0) {
            lower.addEncoded(toTiers, k, v);
          }
          refill.store(k, s, mine);
        }
        stored.put(k, s);
      });
      return new LoadCoordinator.BulkResult<>(stored, () -> lower.writeAll(toTiers));
    }, (k, v) -> putResult(result, k, v));
  }
}
