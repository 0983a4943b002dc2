package dev.optimizer.bench.redis;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.TieredCache;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

  /**
   * The Redis key {@code cache} stores {@code key} under through {@code tier}: the tier's prefix ({@code
   * app:cache:<name>:}), then the key; the cache leaves out its own {@code <name>:} for a tier that already
   * carries the name. Computed here once so every peer reads exactly the bytes the cache stored.
   */
  static byte[] rawKey(RedisTier tier, TieredCache<String, ?> cache, String key) {
    return (tier.config().keyPrefix() + key).getBytes(StandardCharsets.UTF_8);
  }
}
