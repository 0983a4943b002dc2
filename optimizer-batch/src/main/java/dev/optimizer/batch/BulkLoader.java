package dev.optimizer.batch;

import java.util.Map;
import java.util.Set;

/**
 * Loads many keys in one call, for a {@link Coalescer}. Called on the coalescer's bulk threads, at most
 * {@code maxConcurrentCalls} at a time.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface BulkLoader<K, V> {
  /**
   * @param keys distinct keys, in arrival order; unmodifiable
   * @return the values found; a key that is absent (or maps to null) counts as missing
   * @throws Exception anything; every caller waiting on this call fails with it
   */
  Map<K, V> loadAll(Set<K> keys) throws Exception;
}
