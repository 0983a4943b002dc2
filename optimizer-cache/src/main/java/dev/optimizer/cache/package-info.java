/**
 * Tiered cache: L1 Caffeine in process, L2 Redis shared, L3 MapDB on disk, and the caching annotations.
 * Implementation lives in {@code dev.optimizer.cache.internal}.
 */
@NullMarked
package dev.optimizer.cache;

import org.jspecify.annotations.NullMarked;
