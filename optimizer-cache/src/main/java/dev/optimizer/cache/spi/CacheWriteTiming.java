package dev.optimizer.cache.spi;

/**
 * When the cache writes of {@code @CachePut} and {@code @CacheInvalidate} take effect once the annotated
 * method has returned normally: the store or drop in every tier, and the invalidation published to other
 * nodes. The default, {@link #immediate()}, applies them at once on the calling thread. An integration sets
 * another through {@code CacheModuleConfig.Builder.writeTiming(..)}: the Spring Boot starter's defers them
 * to after the commit of the caller's transaction, and drops them on rollback, so no node drops or replaces
 * an entry for a write that never happened.
 *
 * <p>Implementations must be thread-safe. Whatever {@link #apply} does with {@code write}, it runs it at
 * most once; a write that throws later is logged by the implementation, since the caller has long returned.
 */
@FunctionalInterface
public interface CacheWriteTiming {
  /**
   * Runs {@code write} now, later, or never (a rolled-back transaction).
   *
   * @param write the cache write of one annotated call; throws what the cache throws
   */
  void apply(Runnable write);

  /** Applies every write at once, on the calling thread (exceptions reach the caller). */
  static CacheWriteTiming immediate() {
    return Runnable::run;
  }
}
