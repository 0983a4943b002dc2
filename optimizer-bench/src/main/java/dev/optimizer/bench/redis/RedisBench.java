package dev.optimizer.bench.redis;

import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;

/** Where the Redis benchmarks find Redis, and a clear refusal when none answers. */
final class RedisBench {
  private RedisBench() {}

  /** {@code REDIS_URL}, or the loopback default. */
  static String url() {
    String url = System.getenv("REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.trim();
  }

  /**
   * Throws with a message saying the benchmark is skipped when no Redis answers, so JMH reports that
   * line and moves on to the next benchmark instead of measuring nothing.
   */
  static void requireRedis(String benchmark) {
    try (Jedis jedis = new Jedis(URI.create(url()), DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(500).socketTimeoutMillis(500).autoNegotiateProtocol(false).build())) {
      jedis.ping();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Skipping " + benchmark + ": no Redis answers at " + url()
          + " (set REDIS_URL): " + e.getMessage(), e);
    }
  }
}
