package dev.optimizer.limit.internal;

import dev.optimizer.core.spi.Invocation;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.limit.RateLimitDecision;
import dev.optimizer.limit.RateLimitedException;
import dev.optimizer.limit.RateLimiter;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code @RateLimit}: one decision per call, before the call; a refusal is a {@link RateLimitedException}. */
public final class RateLimitInterceptor implements MethodInterceptor {
  private final RateLimiter limiter;
  private final KeyTemplate key;
  private final @Nullable Duration maxWait;

  public RateLimitInterceptor(RateLimiter limiter, KeyTemplate key, @Nullable Duration maxWait) {
    this.limiter = limiter;
    this.key = key;
    this.maxWait = maxWait;
  }

  @Override
  public @Nullable Object intercept(Invocation invocation) throws Throwable {
    String k = key.keyOf(invocation.arguments());
    if (maxWait != null) {
      limiter.acquire(k, maxWait);
    } else {
      RateLimitDecision d = limiter.tryAcquire(k);
      if (!d.allowed()) {
        throw new RateLimitedException(limiter.name(), k, d.retryAfter());
      }
    }
    return invocation.proceed();
  }
}
