package dev.optimizer.cache;

/**
 * Counters of one tier since the cache was built. Immutable snapshot.
 *
 * @param tier which tier
 * @param hits reads that found a value
 * @param misses reads that found nothing (including decode failures and skipped reads)
 * @param puts entries written
 * @param errors calls that failed ({@code TierUnavailableException} or another exception from the tier)
 * @param skipped calls not made because the tier was in its retry backoff after a failure, or not served
 *     because the store was busy or the cache call had spent its time budget (not outages)
 * @param decodeFailures stored bytes that could not be decoded and were treated as misses
 * @param evictions entries evicted by size or expiry (L1 only; -1 where the tier cannot tell)
 * @param size entries held, estimated, or -1 when unknown
 * @param available false while the tier is in an outage (failed and not yet recovered)
 */
public record TierStats(Tier tier, long hits, long misses, long puts, long errors, long skipped,
    long decodeFailures, long evictions, long size, boolean available) {
  /** Hits over reads, or 0 without reads. */
  public double hitRate() {
    long reads = hits + misses;
    return reads == 0 ? 0 : (double) hits / reads;
  }
}
