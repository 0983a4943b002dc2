package dev.optimizer.limit.internal;

import dev.optimizer.limit.ConcurrencyLimiterConfig;
import java.util.SplittableRandom;

/**
 * The limit estimate of an adaptive concurrency limiter, fed one closed window at a time. Pure arithmetic
 * and state, no clock, no threads: the limiter calls it under its window lock, simulations call it
 * directly. Not thread-safe.
 *
 * <p>Why each rule (the known failure modes of gradient limiters):
 * <ul>
 *   <li>Window percentiles, never single samples, feed both the gradient and the no-load latency: one slow
 *       outlier cannot collapse the limit, one lucky fast sample cannot become the no-load latency. And the
 *       no-load latency steps only a fifth of the way down to a lower window: the lowest of many noisy
 *       windows is a lucky outlier too.
 *   <li>The no-load latency is re-probed (at {@link ConcurrencyLimiterConfig#probeLimit()}, jittered) and
 *       replaced by the probe's figure even when higher: a service that became slower for good is not held
 *       to its old latency, which would keep the gradient below 1 and the limit at its floor forever.
 *   <li>The baseline is the no-load latency, never an average of loaded latencies: under a moderate,
 *       sustained overload an average follows the queueing delay up and the limit climbs without bound.
 *   <li>No growth while fewer than half the limit were in flight: an idle service would otherwise see its
 *       limit climb to the maximum, and admit a whole burst at once.
 * </ul>
 */
public final class GradientEstimator {
  private final ConcurrencyLimiterConfig config;
  private final SplittableRandom random;
  private double estimate;
  private volatile int limit; // read by the tuning thread
  private long noLoadNanos = -1;
  private long lastWindowNanos;
  private int windowsUntilProbe;

  public GradientEstimator(ConcurrencyLimiterConfig config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    this.estimate = config.initialLimit();
    this.limit = config.initialLimit();
    // The first figures may come from a loaded service (a restart under traffic): probe early, if the limit binds.
    this.windowsUntilProbe = 2;
  }

  /** The limit the estimate asks for. */
  public int limit() {
    return limit;
  }

  /** The no-load latency, {@code -1} before the first window. */
  public long noLoadNanos() {
    return noLoadNanos;
  }

  /** The last window's percentile latency, 0 before the first window. */
  public long lastWindowNanos() {
    return lastWindowNanos;
  }

  /**
   * One ordinary window closed.
   *
   * @param percentileNanos the window's percentile latency
   * @param maxInFlight the most calls in flight during the window
   * @param dropped whether any call of the window reported a drop (timeout, overload)
   * @return whether the next window should be a no-load probe
   */
  public boolean onWindow(long percentileNanos, int maxInFlight, boolean dropped) {
    lastWindowNanos = percentileNanos;
    boolean binding = maxInFlight >= limit;
    if (noLoadNanos < 0) {
      noLoadNanos = percentileNanos;
    } else if (percentileNanos < noLoadNanos) {
      // Step a fifth of the way down: the minimum of many noisy windows is itself a lucky outlier.
      noLoadNanos -= (noLoadNanos - percentileNanos) / 5;
    }
    double gradient = Math.max(0.5, Math.min(1.0, config.tolerance() * noLoadNanos / (double) percentileNanos));
    if (dropped) {
      gradient = Math.min(gradient, 0.9);
    }
    double next = estimate * gradient + (gradient >= 1.0 ? Math.sqrt(estimate) : 0.0);
    if (next > estimate && maxInFlight < estimate / 2) {
      next = estimate; // the caller limits, not the service: nothing learnt about a higher limit
    }
    estimate = Math.max(config.minLimit(), Math.min(config.maxLimit(), next));
    // Hysteresis: the limit moves only when the estimate is a whole unit away from it.
    if (estimate >= limit + 1) {
      limit = (int) Math.floor(estimate);
    } else if (estimate <= limit - 1) {
      limit = (int) Math.ceil(estimate);
    }
    // A probe is due every so many windows, but only taken while the limit matters: latency above tolerance
    // (a stale, too low no-load latency holds the limit down) or calls at the limit (a too high one, e.g.
    // measured under load, lets it sit too high). A calm service is never probed: it would only lose calls.
    boolean fixed = config.minLimit() == config.maxLimit(); // nothing to estimate
    if (--windowsUntilProbe <= 0 && !fixed && (gradient < 1.0 || binding)) {
      windowsUntilProbe = nextProbeGap();
      return true;
    }
    return false;
  }

  /** A probe window closed: its percentile is the no-load latency now, up or down. */
  public void onProbe(long percentileNanos) {
    noLoadNanos = percentileNanos;
    lastWindowNanos = percentileNanos;
  }

  private int nextProbeGap() {
    int every = config.probeEvery();
    return Math.max(1, every / 2 + random.nextInt(every + 1));
  }
}
