package dev.optimizer.cache.internal;

import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code @CachePut}: runs the method every time, then stores its result under the method's key. */
public final class CachePutInterceptor implements MethodInterceptor {
  private final TieredCache<String, Object> cache;
  private final KeyTemplate keys;
  private final @Nullable Duration ttl;

  /** @param ttl the stored entry's TTL in every tier, or null for the tiers' own */
  public CachePutInterceptor(TieredCache<String, Object> cache, KeyTemplate keys, @Nullable Duration ttl) {
    this.cache = cache;
    this.keys = keys;
    this.ttl = ttl;
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Object result = invocation.proceed();
    String key = keys.key(invocation.arguments());
    if (result == null) {
      // Storing a null needs the cache's null policy; dropping the key keeps the old value from being
      // served after an update that returned nothing, whatever that policy is.
      cache.invalidate(key);
    } else if (ttl != null) {
      cache.put(key, result, ttl);
    } else {
      cache.put(key, result);
    }
    return result;
  }
}
