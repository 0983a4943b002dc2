package dev.optimizer.spring;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.spring.internal.TieredSpringCache;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.transaction.AbstractTransactionSupportingCacheManager;

/**
 * Spring's cache abstraction over the optimizer's tiered caches: {@code @Cacheable("books")} uses the
 * cache module's {@code books} cache (L1, plus L2 and L3 as configured under {@code optimizer.cache.*}).
 * The auto-configuration registers one when the application has no other {@code CacheManager}; to use it
 * beside another, declare it yourself: {@code @Bean CacheManager tiered(CacheModule m) { return new
 * OptimizerCacheManager(m); }}. Its cache names are every cache the module holds, including those the
 * optimizer's own annotations created. Thread-safe.
 */
public class OptimizerCacheManager extends AbstractTransactionSupportingCacheManager {
  private final CacheModule module;

  /** A manager over {@code module}'s caches (a started module: the optimizer's). */
  public OptimizerCacheManager(CacheModule module) {
    this.module = Objects.requireNonNull(module, "module");
  }

  @Override
  protected Collection<? extends Cache> loadCaches() {
    return List.of();
  }

  @Override
  protected @Nullable Cache getMissingCache(String name) {
    return new TieredSpringCache(module.cache(name));
  }

  /** Every cache the module holds, and those asked for through this manager, sorted. */
  @Override
  public Collection<String> getCacheNames() {
    TreeSet<String> names = new TreeSet<>(module.cacheNames());
    names.addAll(super.getCacheNames());
    return List.copyOf(names);
  }
}
