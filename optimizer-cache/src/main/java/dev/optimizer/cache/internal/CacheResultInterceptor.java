package dev.optimizer.cache.internal;

import dev.optimizer.cache.EntryOptions;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code @CacheResult}: an L1 hit costs a key build and one Caffeine lookup (no allocation for a single
 * String key, no locks, no reflection); a miss goes through the cache's single-flight read-through with
 * the method as loader.
 */
public final class CacheResultInterceptor implements MethodInterceptor {
  private final DefaultTieredCache<String, Object> cache;
  private final KeyTemplate keys;
  private final EntryOptions options;
  private final boolean useL1;

  public CacheResultInterceptor(DefaultTieredCache<String, Object> cache, KeyTemplate keys,
      EntryOptions options) {
    this.cache = cache;
    this.keys = keys;
    this.options = options;
    this.useL1 = options.uses(dev.optimizer.cache.Tier.L1);
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    String key = keys.key(invocation.arguments());
    if (useL1) {
      Object hit = cache.peekL1(key);
      if (hit != null) {
        return hit == L1Values.NULL ? null : hit;
      }
    }
    Function<String, @Nullable Object> loader = k -> {
      try {
        return invocation.proceed();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new LoaderFailure(t);
      }
    };
    try {
      return cache.loadAfterL1Miss(key, loader, options);
    } catch (LoaderFailure f) {
      throw f.getCause();
    }
  }
}
