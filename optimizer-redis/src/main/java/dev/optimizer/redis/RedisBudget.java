package dev.optimizer.redis;

/**
 * The time one caller's operation may still spend on Redis, across all its round trips (e.g. a cache
 * {@code get}: read, then after the loader a write). Only time spent in Redis calls is charged, never the
 * caller's own work between them. Get one per operation from {@link RedisConnection#budget()}.
 *
 * <p>Not thread-safe: one operation, one thread.
 */
public final class RedisBudget {
  private long remainingNanos;

  RedisBudget(long nanos) {
    this.remainingNanos = nanos;
  }

  /** Nanoseconds left; may be negative after a slow round trip. */
  public long remainingNanos() {
    return remainingNanos;
  }

  void charge(long nanos) {
    remainingNanos -= Math.max(0, nanos);
  }
}
