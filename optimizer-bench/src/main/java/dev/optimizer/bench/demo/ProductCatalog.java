package dev.optimizer.bench.demo;

import dev.optimizer.cache.CacheResult;

/**
 * Product lookups: each one a database round trip. The demo reads a few hot products many times; through
 * the optimizer each product is loaded once and then served from L1.
 */
public interface ProductCatalog {
  /** The product's description line. */
  @CacheResult(cache = "products", ttl = "10m")
  String product(String id);
}
