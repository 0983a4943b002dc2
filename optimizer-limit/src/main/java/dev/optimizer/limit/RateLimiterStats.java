package dev.optimizer.limit;

import java.time.Duration;

/**
 * A snapshot of a {@link RateLimiter}'s counters since it was created. Immutable.
 *
 * @param name the limiter's name
 * @param allowed decisions that admitted a call (fallbacks included)
 * @param denied decisions that refused a call (fallbacks and the hot-key cache included)
 * @param deniedLocally refusals answered by the local "denied until" cache without asking Redis
 * @param fallbacks decisions taken by the {@link FailurePolicy} because Redis was unavailable
 * @param redisCalls decisions that asked Redis (0 for a local limiter)
 * @param redisTime total time spent in those Redis calls, failures included
 */
public record RateLimiterStats(String name, long allowed, long denied, long deniedLocally, long fallbacks,
    long redisCalls, Duration redisTime) {
  /** Every decision taken. */
  public long decisions() {
    return allowed + denied;
  }
}
