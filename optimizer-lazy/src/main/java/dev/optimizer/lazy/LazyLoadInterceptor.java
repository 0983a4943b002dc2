package dev.optimizer.lazy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.lazy.internal.ArgumentsKey;
import dev.optimizer.lazy.internal.LoadCounters;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link LazyLoad @LazyLoad} method at most once per argument list (or once, without
 * parameters). Package-private: users reach it only through the annotation.
 *
 * <p>The core makes one interceptor per method of every proxy it builds, so the memo held here belongs
 * to one proxy and its one target; it lives and dies with the proxy.
 */
final class LazyLoadInterceptor implements MethodInterceptor {
  /** Stands for a null result, which Lazy does not hold. */
  private static final Object NULL = new Object();

  private final LazyRegistry registry;
  private final @Nullable Duration ttl;
  private final LoadStrategy strategy;
  private final LoadCounters counters;
  private final String name;
  private final boolean property;
  private final AtomicReference<@Nullable Lazy<Object>> propertyValue = new AtomicReference<>();
  private final @Nullable Cache<ArgumentsKey, Lazy<Object>> memo;

  LazyLoadInterceptor(LazyRegistry registry, int parameterCount, @Nullable Duration ttl,
      LoadStrategy strategy, LoadCounters counters, String name) {
    this.registry = registry;
    this.ttl = ttl;
    this.strategy = strategy;
    this.counters = counters;
    this.name = name;
    this.property = parameterCount == 0;
    this.memo = property ? null
        // Maintenance (eviction) on the calling thread: keeps the bound tight and spares the common pool.
        : Caffeine.newBuilder().maximumSize(registry.config().memoizeMaximumSize())
            .executor(Runnable::run).build();
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    Lazy<Object> lazy = property ? propertyLazy(invocation) : memoLazy(invocation);
    Object value;
    try {
      value = lazy.get();
    } catch (TargetThrew e) {
      throw e.getCause();
    }
    return value == NULL ? null : value;
  }

  private Lazy<Object> propertyLazy(Invocation invocation) {
    Lazy<Object> lazy = propertyValue.get();
    if (lazy != null) {
      return lazy;
    }
    Lazy<Object> made = newLazy(invocation, invocation.arguments());
    return propertyValue.compareAndSet(null, made) ? made : java.util.Objects.requireNonNull(propertyValue.get());
  }

  private Lazy<Object> memoLazy(Invocation invocation) {
    ArgumentsKey key = new ArgumentsKey(invocation.arguments());
    // Creating the Lazy is cheap and happens inside Caffeine's compute; the load itself runs outside
    // it, in lazy.get(), so a slow method never blocks other keys.
    return java.util.Objects.requireNonNull(memo).get(key, k -> newLazy(invocation, k.arguments()));
  }

  /**
   * A lazy value that calls the rest of the chain with {@code args}. Reloads after the TTL (and CACHED
   * background refreshes) proceed with the invocation that created it, which the core keeps immutable.
   */
  private Lazy<Object> newLazy(Invocation invocation, @Nullable Object[] args) {
    @Nullable Object[] fixed = args.clone();
    ValueLoader<Object> loader = () -> {
      try {
        Object r = invocation.proceed(fixed.clone());
        return r == null ? NULL : r;
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        // Carried through Lazy unwrapped-by-type so the caller gets the exact checked exception back.
        throw new TargetThrew(t);
      }
    };
    return registry.newLazy(loader, ttl, strategy, counters, name);
  }

  /** A checked exception of the target on its way through {@link Lazy}; never escapes this class. */
  private static final class TargetThrew extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetThrew(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }
}
