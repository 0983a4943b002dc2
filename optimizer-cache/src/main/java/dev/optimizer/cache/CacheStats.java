package dev.optimizer.cache;

import java.time.Duration;
import java.util.List;

/**
 * Counters of a {@link TieredCache} since it was built. Immutable snapshot.
 *
 * @param cache the cache's name
 * @param tiers one entry per configured tier, fastest first
 * @param loads loader calls that returned (including nulls)
 * @param loadFailures loader calls that threw
 * @param totalLoadTime time spent in loaders
 * @param encodeFailures values that could not be encoded for L2/L3 (kept in L1 only)
 * @param invalidationsReceived invalidation messages from other nodes acted on
 * @param refreshes background reloads (refresh-ahead, {@link EntryOptions#withRefreshAfter}) that stored their
 *     value; their loader calls are counted in {@code loads} too
 * @param refreshFailures background reloads that failed (the loader threw or a tier write failed), the
 *     cached value left in place
 */
public record CacheStats(String cache, List<TierStats> tiers, long loads, long loadFailures,
    Duration totalLoadTime, long encodeFailures, long invalidationsReceived, long refreshes,
    long refreshFailures) {
  /** Copies the tier list. */
  public CacheStats {
    tiers = List.copyOf(tiers);
  }

  /** The stats of {@code tier}, or null if the cache has no such tier. */
  public @org.jspecify.annotations.Nullable TierStats tier(Tier tier) {
    for (TierStats t : tiers) {
      if (t.tier() == tier) {
        return t;
      }
    }
    return null;
  }
}
