package dev.optimizer.limit;

import dev.optimizer.limit.internal.RedisGcraLimiter;
import dev.optimizer.redis.RedisConnection;

/**
 * The {@link RateLimiter} shared by every node through Redis. Needs {@code dev.optimizer:optimizer-redis}
 * on the classpath (an optional dependency of this module: a user of the local limiter carries no Jedis).
 *
 * <p>Each decision is one round trip, one {@code EVALSHA} of one Lua script (GCRA) on the given shared
 * {@link RedisConnection}: the script reads the server's clock ({@code TIME}), so callers whose clocks
 * disagree still share one rate. Keys are {@code <keyPrefix>{<name>:<key>}}, hash-tagged.
 *
 * <p><b>Failures.</b> A decision spends at most the connection's call budget ({@code
 * RedisConfig.callBudget()}, bounded by its timeouts; give the limiter a connection with short timeouts for
 * a small budget), and nothing while the connection's circuit breaker is open. When Redis cannot decide,
 * the {@link FailurePolicy} does: {@code FAIL_OPEN} admits (remaining {@code -1}), {@code FAIL_CLOSED}
 * refuses; both are flagged {@link RateLimitDecision#fallback()} and counted.
 *
 * <p><b>Hot keys.</b> With {@link RateLimiterConfig#deniedCache()} a refused key is refused locally, with no
 * round trip, until the retry-after Redis gave has passed.
 */
public final class RedisRateLimiter {
  private RedisRateLimiter() {}

  /**
   * A limiter deciding through {@code connection}; closing the limiter does not close the connection.
   *
   * @param name the limiter's name: part of every Redis key, so nodes sharing a rate use the same name
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static RateLimiter create(String name, RedisConnection connection, RateLimiterConfig config) {
    return new RedisGcraLimiter(name, connection, config);
  }
}
