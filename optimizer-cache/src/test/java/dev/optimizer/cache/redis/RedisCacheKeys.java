package dev.optimizer.cache.redis;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.redis.testing.RedisAvailableCondition;

/** The shared test Redis's keys of one cache, for tests that leave nothing behind. */
public final class RedisCacheKeys {
  private RedisCacheKeys() {}

  /** Deletes every key of cache {@code name} on the test Redis, without publishing an invalidation. */
  public static void delete(String name) {
    try (RedisTier cleaner = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(name).invalidationEnabled(false).build())) {
      cleaner.invalidateAll();
    }
  }
}
