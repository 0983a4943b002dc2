package dev.optimizer.core;

/** A module's feature that {@link OptimizerConfig} can switch off, for example under {@link Profile#TEST}. */
public enum Feature {
  /** {@code optimizer-cache}: tiered cache and {@code @CacheResult}. */
  CACHE,
  /** {@code optimizer-batch}: batch processor, coalescing and {@code @BatchProcess}. */
  BATCH,
  /** {@code optimizer-compress}: compression engine and {@code @Compress}. */
  COMPRESSION,
  /** {@code optimizer-lazy}: lazy values and {@code @LazyLoad}. */
  LAZY,
  /**
   * {@code optimizer-limit}: {@code @RateLimit} and {@code @ConcurrencyLimit}. Off, annotated methods are
   * never refused; limiters built directly through the limit module still decide.
   */
  LIMIT
}
