package dev.optimizer.dashboard.internal;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.CacheStats;
import dev.optimizer.cache.TierStats;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import dev.optimizer.dashboard.CacheDocument;
import dev.optimizer.dashboard.ClearCacheDocument;
import dev.optimizer.dashboard.NoSuchEntryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads the cache module. Loaded only when {@code optimizer-cache} is on the classpath. */
final class CacheReader {
  private final Optimizer optimizer;
  private final MeterReader meters;

  CacheReader(Optimizer optimizer, MeterReader meters) {
    this.optimizer = optimizer;
    this.meters = meters;
  }

  boolean started() {
    return optimizer.findModule(CacheModule.class).isPresent();
  }

  List<CacheDocument.Cache> caches() {
    Optional<CacheModule> module = optimizer.findModule(CacheModule.class);
    if (module.isEmpty()) {
      return List.of();
    }
    List<CacheDocument.Cache> out = new ArrayList<>();
    for (String name : module.get().cacheNames()) {
      module.get().find(name).ifPresent(c -> out.add(cache(c.stats())));
    }
    return out;
  }

  private CacheDocument.Cache cache(CacheStats s) {
    List<CacheDocument.Tier> tiers = new ArrayList<>();
    for (TierStats t : s.tiers()) {
      tiers.add(new CacheDocument.Tier(t.tier().name(), t.hits(), t.misses(), t.hitRate(), t.puts(), t.errors(),
          t.skipped(), t.evictions(), t.size(), t.available()));
    }
    long calls = s.loads() + s.loadFailures();
    Duration mean = calls == 0 ? Duration.ZERO : s.totalLoadTime().dividedBy(calls);
    return new CacheDocument.Cache(s.cache(), s.loads(), s.loadFailures(), Seconds.of(s.totalLoadTime()),
        Seconds.of(mean), s.refreshes(), s.refreshFailures(), tiers, meters.redisL2(s.cache()));
  }

  /** See {@code OperationsDocuments.clearCache}. */
  ClearCacheDocument clear(@Nullable String cache, @Nullable String pattern) {
    CacheModule module = optimizer.module(CacheModule.class);
    String glob = pattern == null || pattern.isEmpty() ? null : pattern;
    List<TieredCache<?, ?>> targets = new ArrayList<>();
    if (cache == null || cache.isEmpty()) {
      for (String name : module.cacheNames()) {
        module.find(name).ifPresent(targets::add);
      }
    } else {
      targets.add(module.find(cache).orElseThrow(() -> new NoSuchEntryException("cache", cache)));
    }
    List<String> cleared = new ArrayList<>();
    for (TieredCache<?, ?> c : targets) {
      if (glob == null) {
        c.invalidateAll();
      } else {
        c.invalidateAll(glob);
      }
      cleared.add(c.name());
    }
    cleared.sort(null);
    return new ClearCacheDocument(cleared, glob);
  }
}
