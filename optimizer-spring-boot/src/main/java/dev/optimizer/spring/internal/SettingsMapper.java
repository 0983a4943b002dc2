package dev.optimizer.spring.internal;

import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.spring.OptimizerProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bound {@link OptimizerProperties} into the {@code optimizer.*} settings the core and the
 * modules already read ({@code docs/configuration.md}), so a key means the same in {@code application.yml}
 * and as a system property, and is checked by the same code. Remembers which Spring key each setting came
 * from, so an error names what the user wrote.
 */
public final class SettingsMapper {
  private final Properties properties = new Properties();
  /** Core setting name to the Spring key it came from. */
  private final Map<String, String> springKeys = new LinkedHashMap<>();

  /** Maps every set value of {@code p}. */
  public SettingsMapper(OptimizerProperties p) {
    put("optimizer.profile", "optimizer.profile", p.getProfile());
    put("optimizer.level", "optimizer.level", p.getLevel());
    put("optimizer.cpu-threshold", "optimizer.cpu-threshold", p.getCpuThreshold());
    put("optimizer.memory-threshold", "optimizer.memory-threshold", p.getMemoryThreshold());
    put("optimizer.monitor-interval", "optimizer.monitor-interval", p.getMonitorInterval());
    put("optimizer.monitoring.enabled", "optimizer.monitoring.enabled", p.getMonitoring().getEnabled());
    put("optimizer.redis.url", "optimizer.redis.url", p.getRedis().getUrl());
    put("optimizer.redis.pool-size", "optimizer.redis.pool-size", p.getRedis().getPoolSize());
    OptimizerProperties.Cache c = p.getCache();
    put("optimizer.cache.enabled", "optimizer.cache.enabled", c.getEnabled());
    put("optimizer.cache.l1-size", "optimizer.cache.defaults.l1-size", c.getDefaults().getL1Size());
    put("optimizer.cache.ttl", "optimizer.cache.defaults.ttl", c.getDefaults().getTtl());
    c.getCaches().forEach((name, spec) -> {
      put("optimizer.cache." + name + ".l1-size", "optimizer.cache.caches." + name + ".l1-size", spec.getL1Size());
      put("optimizer.cache." + name + ".ttl", "optimizer.cache.caches." + name + ".ttl", spec.getTtl());
    });
    OptimizerProperties.Batch b = p.getBatch();
    put("optimizer.batch.enabled", "optimizer.batch.enabled", b.getEnabled());
    put("optimizer.batch.batch-size", "optimizer.batch.batch-size", b.getBatchSize());
    put("optimizer.batch.max-batch-size", "optimizer.batch.max-batch-size", b.getMaxBatchSize());
    put("optimizer.batch.max-workers", "optimizer.batch.max-workers", b.getMaxWorkers());
    OptimizerProperties.Compress z = p.getCompress();
    // The core calls the feature "compression"; the module's settings live under "compress".
    put("optimizer.compression.enabled", "optimizer.compress.enabled", z.getEnabled());
    put("optimizer.compress.level", "optimizer.compress.level", z.getLevel());
    put("optimizer.compress.algorithm", "optimizer.compress.algorithm", z.getAlgorithm());
    OptimizerProperties.Lazy l = p.getLazy();
    put("optimizer.lazy.enabled", "optimizer.lazy.enabled", l.getEnabled());
    put("optimizer.lazy.preload-count", "optimizer.lazy.preload-count", l.getPreloadCount());
    put("optimizer.lazy.preload-concurrency", "optimizer.lazy.preload-concurrency", l.getPreloadConcurrency());
    put("optimizer.limit.enabled", "optimizer.limit.enabled", p.getLimit().getEnabled());
  }

  private void put(String setting, String springKey, @Nullable Object value) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      return; // a blank value (an empty ${VAR:} placeholder) counts as unset
    }
    String text = value instanceof Duration d ? durationText(d) : value.toString();
    properties.setProperty(setting, text);
    springKeys.put(setting, springKey);
  }

  /** The core's duration grammar: zero is "0", else ISO-8601 (which it also accepts). */
  private static String durationText(Duration d) {
    return d.isZero() ? "0" : d.toString();
  }

  /** The settings as system-property-style entries, for {@code OptimizerConfig.Builder.systemProperties}. */
  public Properties properties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  /**
   * {@code e} naming the Spring key the bad value came from, or {@code e} itself when it came from
   * elsewhere (an {@code OPTIMIZER_*} environment variable).
   */
  public InvalidSettingException translate(InvalidSettingException e) {
    String springKey = springKeys.get(e.setting());
    if (springKey == null) {
      return e;
    }
    String message = e.getMessage();
    String detail = message.startsWith(e.setting() + ": ") ? message.substring(e.setting().length() + 2) : message;
    InvalidSettingException translated = new InvalidSettingException(springKey, detail);
    translated.initCause(e);
    return translated;
  }
}
