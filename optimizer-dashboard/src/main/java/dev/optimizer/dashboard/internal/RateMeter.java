package dev.optimizer.dashboard.internal;

import dev.optimizer.core.Ticker;

/**
 * A rate of a growing count, from two readings at least a second apart: readings closer together keep the last
 * rate, so several readers (the stream, API calls) do not turn it into noise. Thread-safe.
 */
final class RateMeter {
  private static final long MIN_SPAN_NANOS = 1_000_000_000L;

  private final Ticker ticker;
  private long lastNanos;
  private long lastCount = -1;
  private double rate;

  RateMeter(Ticker ticker) {
    this.ticker = ticker;
  }

  /** Records {@code count} now and returns the per-second rate; 0 until two readings a second apart. */
  synchronized double rate(long count) {
    long now = ticker.read();
    if (lastCount < 0) {
      lastNanos = now;
      lastCount = count;
      return 0;
    }
    long span = now - lastNanos;
    if (span >= MIN_SPAN_NANOS) {
      rate = Math.max(0, count - lastCount) * 1e9 / span;
      lastNanos = now;
      lastCount = count;
    }
    return rate;
  }
}
