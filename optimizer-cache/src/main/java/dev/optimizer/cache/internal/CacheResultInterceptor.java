package dev.optimizer.cache.internal;

import dev.optimizer.cache.EntryOptions;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code @CacheResult}: an L1 hit costs a key build and one Caffeine lookup (no allocation for a single
 * String key, no locks, no reflection); a miss goes through the cache's single-flight read-through with
 * the method as loader. For a method returning {@code CompletableFuture} or {@code CompletionStage} an L1 hit
 * is an already completed future, and a miss never blocks the caller ({@link AsyncLoads}). With refresh-ahead
 * a hit past the refresh time also starts one background call of the method, and still returns at once.
 */
public final class CacheResultInterceptor implements MethodInterceptor {
  private final DefaultTieredCache<String, Object> cache;
  private final KeyTemplate keys;
  private final EntryOptions options;
  private final boolean useL1;
  private final boolean async;
  private final boolean refreshes;

  /** {@code async}: the method returns a {@code CompletableFuture} or {@code CompletionStage}. */
  public CacheResultInterceptor(DefaultTieredCache<String, Object> cache, KeyTemplate keys,
      EntryOptions options, boolean async) {
    this.cache = cache;
    this.keys = keys;
    this.options = options;
    this.useL1 = options.uses(dev.optimizer.cache.Tier.L1);
    this.async = async;
    this.refreshes = useL1 && options.refreshAfter() != null;
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    String key = keys.key(invocation.arguments());
    if (useL1) {
      Object hit = refreshes ? cache.peekL1Entry(key) : cache.peekL1(key);
      if (hit instanceof L1Values.Expiring e) {
        // A due reload runs the method again on the cache's executor, as @Async would run it: thread-bound
        // context (a transaction, a security context) does not follow it. The loaders are built only then.
        int state = cache.checkEntry(key, e);
        if (state == L1Store.REFRESH_DUE) {
          if (async) {
            cache.refreshAsync(key, k -> stageOf(invocation), options);
          } else {
            cache.refresh(key, loaderOf(invocation), options);
          }
        }
        hit = state == L1Store.EXPIRED ? null : e.value();
      }
      if (hit != null) {
        Object value = hit == L1Values.NULL ? null : hit;
        return async ? CompletableFuture.completedFuture(value) : value;
      }
    }
    if (async) {
      return cache.loadAsyncAfterL1Miss(key, k -> stageOf(invocation), options)
          .thenApply(v -> v == L1Values.NULL || v == L1Values.NOT_CACHED ? null : v);
    }
    Function<String, @Nullable Object> loader = loaderOf(invocation);
    try {
      return cache.loadAfterL1Miss(key, loader, options);
    } catch (LoaderFailure f) {
      throw f.getCause();
    }
  }

  private static Function<String, @Nullable Object> loaderOf(Invocation invocation) {
    return k -> {
      try {
        return invocation.proceed();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new LoaderFailure(t);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> stageOf(Invocation invocation) {
    Object result;
    try {
      result = invocation.proceed();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new CompletionException(t);
    }
    if (result == null) {
      throw new NullPointerException(invocation.method().getDeclaringClass().getName() + "."
          + invocation.method().getName() + " returned null instead of a CompletionStage");
    }
    return (CompletionStage<Object>) result;
  }
}
