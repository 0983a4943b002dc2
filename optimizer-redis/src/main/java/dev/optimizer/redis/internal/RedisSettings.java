package dev.optimizer.redis.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.util.List;

/** The Redis module's {@code optimizer.redis.*} settings, listed for the core through ServiceLoader. */
public final class RedisSettings implements ModuleSettings {
  public static final Setting<String> URL = Setting.of("redis.url",
      "REDIS_URL, else redis://127.0.0.1:6379", "the Redis server(s): redis://, rediss://, "
          + "redis-sentinel://, redis-cluster:// URL", "a Redis URL such as redis://host:6379/0", text -> {
        RedisUri.parse(text.trim());
        return text.trim();
      });
  public static final Setting<Integer> POOL_SIZE = Setting.integer("redis.pool-size", 1, 10_000, "64",
      "maximum pooled connections (per node in Cluster)");

  @Override
  public String module() {
    return "redis";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(URL, POOL_SIZE);
  }
}
