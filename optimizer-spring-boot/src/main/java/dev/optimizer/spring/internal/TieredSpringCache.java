package dev.optimizer.spring.internal;

import dev.optimizer.cache.TieredCache;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over a {@link TieredCache}: L1, L2 and L3 with
 * read-through, stampede protection and cross-node invalidation. Keys are Spring's keys in their
 * {@code String.valueOf} form (a one-argument method's argument, or {@code SimpleKey [a,b]}), so they must
 * print the same on every node. A null value is not stored: putting one drops the key.
 */
public final class TieredSpringCache extends AbstractValueAdaptingCache {
  private final TieredCache<String, Object> cache;

  public TieredSpringCache(TieredCache<String, Object> cache) {
    super(false);
    this.cache = cache;
  }

  @Override
  public String getName() {
    return cache.name();
  }

  @Override
  public TieredCache<String, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected @Nullable Object lookup(Object key) {
    return cache.getIfPresent(String.valueOf(key));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    return (T) cache.get(String.valueOf(key), k -> {
      try {
        return valueLoader.call();
      } catch (RuntimeException e) {
        throw new ValueRetrievalException(key, valueLoader, e);
      } catch (Exception e) {
        throw new ValueRetrievalException(key, valueLoader, e);
      }
    });
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    if (value == null) {
      cache.invalidate(String.valueOf(key));
    } else {
      cache.put(String.valueOf(key), value);
    }
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(String.valueOf(key));
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }
}
