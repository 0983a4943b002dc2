/**
 * The contract between {@code TieredCache} and its byte-level tiers (L2 Redis, L3 MapDB): a tier stores
 * opaque, already encoded and compressed values under stable string keys. The cache does encoding,
 * compression, promotion, stampede protection and failure accounting; a tier only stores bytes.
 */
@NullMarked
package dev.optimizer.cache.spi;

import org.jspecify.annotations.NullMarked;
