package dev.optimizer.spring.internal;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.core.Optimizer;
import dev.optimizer.spring.OptimizerProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * The started {@link Optimizer} with the caches named under {@code optimizer.cache.caches}, which the
 * starter builds (their per-tier TTLs, tiers and null caching go beyond what the module's settings hold)
 * and registers before any proxy resolves its chain. Closing closes the optimizer, then those caches.
 */
public final class OptimizerRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OptimizerRuntime.class);

  private final Optimizer optimizer;
  private final dev.optimizer.core.spi.Settings settings;
  private final List<TieredCache<?, ?>> named = new ArrayList<>();

  /** @param settings the bound settings the optimizer was configured from (for the named caches) */
  public OptimizerRuntime(Optimizer optimizer, dev.optimizer.core.spi.Settings settings) {
    this.optimizer = optimizer;
    this.settings = settings;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * Builds and registers each named cache. Only called when the cache module is on the classpath.
   *
   * @param l2 the L2 tier of a cache by name, or null without Redis
   * @param l3Directory the L3 directory, or null without L3
   */
  public void registerNamedCaches(OptimizerProperties p, CacheConfig template,
      @Nullable Function<String, ByteTier> l2, @Nullable Path l3Directory) {
    CacheModule module = optimizer.findModule(CacheModule.class).orElse(null);
    if (module == null) {
      return;
    }
    for (Map.Entry<String, OptimizerProperties.CacheSpec> e : p.getCache().getCaches().entrySet()) {
      String name = e.getKey();
      OptimizerProperties.CacheSpec spec = e.getValue();
      CacheConfig.Builder b = template.withName(name).toBuilder();
      CacheSpecs.apply(spec, b, "optimizer.cache.caches." + name);
      List<String> tiers = CacheSpecs.tiers(spec, p.getCache().getDefaults(), "optimizer.cache.caches." + name);
      if (tiers != null && !tiers.contains("L1")) {
        b.l1Enabled(false);
      }
      CacheConfig cfg = b.settings(settings).build();
      TieredCache.Builder<String, Object> tb = TieredCache.<String, Object>builder(cfg)
          .valueCodec(ValueCodec.javaSerialization(p.getCache().getAllow()));
      optimizer.findModule(CompressionModule.class).ifPresent(m -> tb.compression(m.engine()));
      if (l2 != null && (tiers == null || tiers.contains("L2"))) {
        tb.l2(l2.apply(name));
      } else if (tiers != null && tiers.contains("L2")) {
        throw new dev.optimizer.core.InvalidSettingException("optimizer.cache.caches." + name + ".tiers",
            "L2 needs a Redis connection: set optimizer.redis.url or spring.data.redis.*");
      }
      if (l3Directory != null && (tiers == null || tiers.contains("L3"))) {
        tb.l3(MapDbConfig.custom(l3Directory.resolve(name + ".db")).build());
      } else if (tiers != null && tiers.contains("L3")) {
        throw new dev.optimizer.core.InvalidSettingException("optimizer.cache.caches." + name + ".tiers",
            "L3 needs optimizer.cache.l3-directory (and MapDB on the classpath)");
      }
      TieredCache<String, Object> cache = tb.build();
      named.add(cache);
      module.register(cache);
      log.info("optimizer: cache {} configured from optimizer.cache.caches.{}", cache, name);
    }
  }

  /** Closes the optimizer (and its modules), then the named caches. Idempotent. */
  @Override
  public void close() {
    optimizer.close();
    for (TieredCache<?, ?> c : named) {
      try {
        c.close();
      } catch (RuntimeException e) {
        log.warn("closing cache {} failed", c.name(), e);
      }
    }
    named.clear();
  }

  /** Whether MapDB (the L3 store) is on the classpath. */
  public static boolean mapDbPresent(@Nullable ClassLoader loader) {
    return ClassUtils.isPresent("org.mapdb.DB", loader);
  }

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
