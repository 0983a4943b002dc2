package dev.optimizer.cache.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The cache module's {@code optimizer.cache.*} settings, listed for the core through ServiceLoader. */
public final class CacheSettings implements ModuleSettings {
  public static final Setting<Long> L1_SIZE = Setting.longInteger("cache.l1-size", 1, Long.MAX_VALUE, "10000",
      "L1 entry bound of every cache the module creates");
  public static final Setting<Duration> TTL = Setting.duration("cache.ttl", true,
      "L1 10m, L2 1h, L3 1d", "TTL of every tier (L1 expiry after write) of created caches; 0 for none");
  public static final Setting<Duration> REFRESH_AFTER = Setting.duration("cache.refresh-after", true, "none",
      "refresh-ahead of created caches: a hit on a value held this long also reloads it in the background; 0 "
          + "for none");
  public static final Setting<Path> L3_DIRECTORY = Setting.path("cache.l3-directory", "none (no L3)",
      "directory of created caches' MapDB L3 files (<name>.db); setting it turns L3 on");
  public static final Setting<Long> CACHE_L1_SIZE = Setting.longInteger("cache.*.l1-size", 1, Long.MAX_VALUE,
      "cache.l1-size", "L1 entry bound of the named cache");
  public static final Setting<Duration> CACHE_TTL = Setting.duration("cache.*.ttl", true, "cache.ttl",
      "TTL of every tier of the named cache; 0 for none");
  public static final Setting<Duration> CACHE_REFRESH_AFTER = Setting.duration("cache.*.refresh-after", true,
      "cache.refresh-after", "refresh-ahead of the named cache; 0 for none");

  @Override
  public String module() {
    return "cache";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(L1_SIZE, TTL, REFRESH_AFTER, L3_DIRECTORY, CACHE_L1_SIZE, CACHE_TTL, CACHE_REFRESH_AFTER);
  }
}
