package dev.optimizer.spring.internal;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.spring.OptimizerProperties;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Applies the {@code optimizer.cache.defaults.*} / {@code caches.<name>.*} keys to a cache builder. */
public final class CacheSpecs {
  private static final Set<String> TIERS = Set.of("L1", "L2", "L3");

  private CacheSpecs() {}

  /**
   * Applies the per-tier TTLs, refresh-ahead and null caching of {@code spec} (the L1 size and the all-tier TTL travel as
   * the module's settings); {@code prefix} names the keys in errors.
   *
   * @throws InvalidSettingException if a value is out of range
   */
  public static void apply(OptimizerProperties.CacheSpec spec, CacheConfig.Builder b, String prefix) {
    set(prefix + ".l1-ttl", spec.getL1Ttl(), b::l1ExpireAfterWrite);
    set(prefix + ".l2-ttl", spec.getL2Ttl(), b::l2Ttl);
    set(prefix + ".l3-ttl", spec.getL3Ttl(), b::l3Ttl);
    set(prefix + ".refresh-after", spec.getRefreshAfter(), b::refreshAfter);
    if (spec.getCacheNull() != null) {
      b.cacheNulls(spec.getCacheNull());
    }
  }

  private static void set(String key, @Nullable Duration d, java.util.function.Consumer<Duration> setter) {
    if (d == null) {
      return;
    }
    try {
      setter.accept(d);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(key, "'" + d + "' is not a duration of 0 (none) or more: "
          + e.getMessage());
    }
  }

  /**
   * The tiers {@code spec} asks for, else those of {@code defaults}, upper-cased; null when neither says.
   *
   * @throws InvalidSettingException if a tier is not L1, L2 or L3, or none is given
   */
  public static @Nullable List<String> tiers(OptimizerProperties.CacheSpec spec,
      OptimizerProperties.CacheSpec defaults, String prefix) {
    List<String> raw = spec.getTiers() != null ? spec.getTiers() : defaults.getTiers();
    String key = (spec.getTiers() != null ? prefix : "optimizer.cache.defaults") + ".tiers";
    if (raw == null) {
      return null;
    }
    List<String> tiers = raw.stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList();
    for (String t : tiers) {
      if (!TIERS.contains(t)) {
        throw new InvalidSettingException(key, "'" + t + "' is not one of L1, L2, L3");
      }
    }
    if (tiers.isEmpty()) {
      throw new InvalidSettingException(key, "'' is not a non-empty list of L1, L2, L3");
    }
    return tiers;
  }
}
