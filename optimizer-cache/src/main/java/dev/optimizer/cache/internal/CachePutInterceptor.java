package dev.optimizer.cache.internal;

import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.spi.CacheWriteTiming;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code @CachePut}: runs the method every time, then stores its result under the method's key. */
public final class CachePutInterceptor implements MethodInterceptor {
  private final TieredCache<String, Object> cache;
  private final KeyTemplate keys;
  private final @Nullable Duration ttl;
  private final CacheWriteTiming timing;

  /**
   * @param ttl the stored entry's TTL in every tier, or null for the tiers' own
   * @param timing when the store (or drop) takes effect
   */
  public CachePutInterceptor(TieredCache<String, Object> cache, KeyTemplate keys, @Nullable Duration ttl,
      CacheWriteTiming timing) {
    this.cache = cache;
    this.keys = keys;
    this.ttl = ttl;
    this.timing = java.util.Objects.requireNonNull(timing, "timing");
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Object result = invocation.proceed();
    String key = keys.key(invocation.arguments());
    if (result == null) {
      // Storing a null needs the cache's null policy; dropping the key keeps the old value from being
      // served after an update that returned nothing, whatever that policy is.
      timing.apply(() -> cache.invalidate(key));
    } else if (ttl != null) {
      Duration t = ttl;
      timing.apply(() -> cache.put(key, result, t));
    } else {
      timing.apply(() -> cache.put(key, result));
    }
    return result;
  }
}
