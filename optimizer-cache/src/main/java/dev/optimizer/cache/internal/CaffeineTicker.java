package dev.optimizer.cache.internal;

import dev.optimizer.core.Ticker;

/**
 * Adapts the core {@link Ticker}, the one time source of the optimizer, to Caffeine's, so that Caffeine's
 * type stays inside the cache's implementation and the public API takes only the core one.
 */
public final class CaffeineTicker {
  private CaffeineTicker() {}

  /**
   * Caffeine's ticker reading {@code ticker}'s nanoseconds; Caffeine's own system ticker for
   * {@link Ticker#system()}, which Caffeine recognises and needs no indirection for.
   *
   * @throws NullPointerException if {@code ticker} is null
   */
  public static com.github.benmanes.caffeine.cache.Ticker of(Ticker ticker) {
    if (ticker == Ticker.system()) {
      return com.github.benmanes.caffeine.cache.Ticker.systemTicker();
    }
    java.util.Objects.requireNonNull(ticker, "ticker");
    return ticker::read;
  }
}
