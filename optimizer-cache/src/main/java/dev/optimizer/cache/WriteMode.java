package dev.optimizer.cache;

/** How writes reach L3. */
public enum WriteMode {
  /**
   * {@code put}, {@code invalidate} and loads write L3 before returning: once {@code put} returns, the
   * value is in the store (durable at its next sync point).
   */
  WRITE_THROUGH,
  /**
   * Writes are queued, coalesced per key (the last write wins) and applied to L3 in bulk by a background
   * thread every {@code writeBehindInterval}, or at once by {@link TieredCache#flush()} and on close.
   * Reads through the cache see queued writes at once. A crash loses the queue (at most one interval of
   * writes); a failed flush is counted and logged and the batch dropped, as a cache may lose entries.
   */
  WRITE_BEHIND
}
