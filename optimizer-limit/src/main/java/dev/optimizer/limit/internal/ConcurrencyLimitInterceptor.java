package dev.optimizer.limit.internal;

import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.limit.ConcurrencyLimiter;
import org.jspecify.annotations.Nullable;

/** {@code @ConcurrencyLimit}: the call runs under a permit, released with its latency however it ends. */
public final class ConcurrencyLimitInterceptor implements MethodInterceptor {
  private final ConcurrencyLimiter limiter;

  public ConcurrencyLimitInterceptor(ConcurrencyLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    try (ConcurrencyLimiter.Permit permit = limiter.acquire()) {
      return invocation.proceed();
    }
  }
}
