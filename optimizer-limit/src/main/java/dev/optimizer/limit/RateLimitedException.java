package dev.optimizer.limit;

import java.time.Duration;
import java.util.Objects;

/**
 * A call refused by a {@link RateLimiter}: the key is over its rate. {@link #retryAfter()} says when a call
 * would be admitted (e.g. for an HTTP {@code Retry-After} header).
 */
public final class RateLimitedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String limiter;
  private final String key;
  private final Duration retryAfter;

  /**
   * @param limiter the limiter's name
   * @param key the key that is over its rate
   * @param retryAfter how long until one call would be admitted, not negative
   */
  public RateLimitedException(String limiter, String key, Duration retryAfter) {
    super("rate limit '" + limiter + "' exceeded for key '" + key + "'; retry after " + retryAfter.toMillis()
        + " ms");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.key = Objects.requireNonNull(key, "key");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** The name of the limiter that refused. */
  public String limiter() {
    return limiter;
  }

  /** The key that is over its rate. */
  public String key() {
    return key;
  }

  /** How long until one call would be admitted. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
