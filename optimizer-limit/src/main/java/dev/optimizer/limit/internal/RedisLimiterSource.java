package dev.optimizer.limit.internal;

import dev.optimizer.core.spi.Settings;
import dev.optimizer.limit.RateLimiter;
import dev.optimizer.limit.RateLimiterConfig;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import java.util.function.BiFunction;

/**
 * The module's way to Redis limiters; the only class the module reaches optimizer-redis (and Jedis) through,
 * loaded only when Redis limiters are asked for, so that the local limiter needs neither on the classpath.
 */
public final class RedisLimiterSource {
  private RedisLimiterSource() {}

  /** Redis limiters through {@code connection}, which the caller keeps and closes. */
  public static BiFunction<String, RateLimiterConfig, RateLimiter> over(Object connection) {
    RedisConnection c = (RedisConnection) connection;
    return (name, config) -> new RedisGcraLimiter(name, c, config);
  }

  /** The process's shared connection for the bound {@code optimizer.redis.*} settings (one reference). */
  public static AutoCloseable sharedConnection(Settings settings) {
    return RedisConnection.shared(RedisConfig.custom().settings(settings).build());
  }

  /** Whether optimizer-redis is on the classpath. */
  public static boolean available(ClassLoader loader) {
    try {
      Class.forName("dev.optimizer.redis.RedisConnection", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
