package dev.optimizer.cache;

/**
 * Weighs an L1 entry when {@link CacheConfig#l1MaximumWeight()} bounds L1 by weight instead of by count.
 * Called when an entry is stored; must be fast, side-effect free and thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface Weigher<K, V> {
  /**
   * The entry's weight.
   *
   * @return a weight of zero or more
   */
  int weigh(K key, V value);
}
