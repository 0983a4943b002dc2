package dev.optimizer.limit.internal;

import dev.optimizer.core.Ticker;
import dev.optimizer.limit.RateLimitDecision;
import dev.optimizer.limit.RateLimitedException;
import dev.optimizer.limit.RateLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/** The bounded wait of {@link RateLimiter#acquire}: retry at each retry-after while it fits the budget. */
public final class BoundedWait {
  /** Longest single park, so that a moved ticker (tests) or an interrupt is noticed soon. */
  private static final long MAX_PARK_NANOS = 10_000_000L;

  private BoundedWait() {}

  public static RateLimitDecision acquire(RateLimiter limiter, String key, Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
    }
    Ticker ticker = limiter.config().ticker().orElse(Ticker.system());
    long deadline = ticker.read() + maxWait.toNanos();
    while (true) {
      RateLimitDecision d = limiter.tryAcquire(key);
      if (d.allowed()) {
        return d;
      }
      long left = deadline - ticker.read();
      long retry = d.retryAfter().toNanos();
      if (retry > left) {
        throw new RateLimitedException(limiter.name(), key, d.retryAfter());
      }
      long wakeAt = ticker.read() + Math.max(retry, 1);
      while (ticker.read() < wakeAt) {
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new RateLimitedException(limiter.name(), key, d.retryAfter());
        }
        LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, wakeAt - ticker.read()));
      }
    }
  }
}
