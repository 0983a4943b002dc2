package dev.optimizer.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * One answer of a {@link RateLimiter}. Immutable.
 *
 * @param allowed whether the call was admitted (its permit is taken)
 * @param remaining how many more calls the key would admit right now, 0 when refused; {@code -1} when
 *     unknown (a decision taken by the failure policy while Redis was unavailable)
 * @param retryAfter when refused, how long until one call would be admitted; {@link Duration#ZERO} when
 *     allowed
 * @param fallback whether the decision came from the {@link FailurePolicy} rather than from the limiter's
 *     state (Redis unavailable)
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, boolean fallback) {
  /** Rejects a null or negative retry-after. */
  public RateLimitDecision {
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
  }
}
