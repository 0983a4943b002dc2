package dev.optimizer.bench.demo;

import dev.optimizer.cache.CacheResult;

/**
 * Large product documents (hundreds of KB of text each), read again and again. Through the optimizer
 * a few stay live in L1 and all of them sit compressed in the L3 file store.
 */
public interface DocumentService {
  /** The document's text. */
  @CacheResult(cache = "documents", ttl = "1h")
  String document(String id);
}
