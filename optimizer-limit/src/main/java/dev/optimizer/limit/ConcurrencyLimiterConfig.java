package dev.optimizer.limit;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.core.support.Checks;
import dev.optimizer.limit.internal.LimitSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link ConcurrencyLimiter} estimates its limit and what it does beyond it. Immutable; build it with
 * {@link #custom()} or take {@link #ofDefaults()}.
 *
 * <p><b>The estimate.</b> Latencies are collected in windows (at least {@link #window()} long and {@link
 * #minWindowSamples()} samples); each window's {@link #percentile()} latency is compared with the
 * no-load latency: while it stays within {@link #tolerance()} times the no-load latency the limit grows by
 * its square root, beyond it the limit shrinks by the gradient (no-load × tolerance / window latency, at
 * most halving). The limit does not grow while fewer than half of it were in flight (the caller, not the
 * service, is what limits). It moves in whole steps only when the estimate is a full unit away (hysteresis).
 *
 * <p><b>No-load latency.</b> The lowest window percentile seen (approached a fifth of the way per lower window, so a lucky window is
 * not taken whole), re-measured about every {@link #probeEvery()}
 * windows (jittered by up to half, so nodes do not probe together; the first after two windows) while the
 * limit matters (latency above tolerance, or calls reaching the limit): for
 * one short window (half the usual samples, at least 5) the limit drops to {@link #probeLimit()} and the
 * no-load latency becomes that window's percentile, even if higher. A single lucky fast sample never
 * becomes the no-load latency.
 */
public final class ConcurrencyLimiterConfig {
  private final int initialLimit;
  private final int minLimit;
  private final int maxLimit;
  private final int probeLimit;
  private final double percentile;
  private final double tolerance;
  private final Duration window;
  private final int minWindowSamples;
  private final int probeEvery;
  private final int queueSize;
  private final Duration queueTimeout;
  private final boolean monitorOnly;
  private final long seed;
  private final @Nullable Ticker ticker;

  private ConcurrencyLimiterConfig(Builder b) {
    this.initialLimit = b.initialLimit;
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.probeLimit = b.probeLimit;
    this.percentile = b.percentile;
    this.tolerance = b.tolerance;
    this.window = b.window;
    this.minWindowSamples = b.minWindowSamples;
    this.probeEvery = b.probeEvery;
    this.queueSize = b.queueSize;
    this.queueTimeout = b.queueTimeout;
    this.monitorOnly = b.monitorOnly;
    this.seed = b.seed;
    this.ticker = b.ticker;
  }

  /**
   * Initial limit 20, range 2..1000, probe limit 1, p90 over windows of 1 s and 20 samples, tolerance 1.5,
   * a probe about every 60 windows, no queue (queue timeout 50 ms when a queue is set), rejecting.
   */
  public static ConcurrencyLimiterConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Limit in force before the first window closes. */
  public int initialLimit() {
    return initialLimit;
  }

  /** Lowest limit the estimate may set (probes go lower, to {@link #probeLimit()}). */
  public int minLimit() {
    return minLimit;
  }

  /** Highest limit the estimate may set. */
  public int maxLimit() {
    return maxLimit;
  }

  /** Limit in force during a no-load probe window, independent of {@link #minLimit()}. */
  public int probeLimit() {
    return probeLimit;
  }

  /** The latency percentile of a window, in (0, 1). */
  public double percentile() {
    return percentile;
  }

  /** How far above the no-load latency a window's latency may rise before the limit shrinks. */
  public double tolerance() {
    return tolerance;
  }

  /** Shortest window. */
  public Duration window() {
    return window;
  }

  /** Fewest samples a window needs before it counts. */
  public int minWindowSamples() {
    return minWindowSamples;
  }

  /** Mean number of windows between two no-load probes (each jittered by up to half of it). */
  public int probeEvery() {
    return probeEvery;
  }

  /** Callers that may wait for a permit at the limit; beyond them, a fast rejection. */
  public int queueSize() {
    return queueSize;
  }

  /** Longest wait of a queued caller before its rejection. */
  public Duration queueTimeout() {
    return queueTimeout;
  }

  /** Whether the limiter only measures and counts, admitting every call. */
  public boolean monitorOnly() {
    return monitorOnly;
  }

  /** Seed of the probe jitter (fixed for reproducible simulations; default from the system). */
  public long seed() {
    return seed;
  }

  /** The ticker given to the builder, if any. */
  public Optional<Ticker> ticker() {
    return Optional.ofNullable(ticker);
  }

  @Override
  public String toString() {
    return "ConcurrencyLimiterConfig{limit=" + initialLimit + " in " + minLimit + ".." + maxLimit + ", probe="
        + probeLimit + ", p" + Math.round(percentile * 100) + ", tolerance=" + tolerance + ", window=" + window
        + "/" + minWindowSamples + ", queue=" + queueSize + ", monitorOnly=" + monitorOnly + "}";
  }

  /** Builds a {@link ConcurrencyLimiterConfig}; setters check their argument, {@link #build()} the whole. */
  public static final class Builder {
    private int initialLimit = 20;
    private int minLimit = 2;
    private int maxLimit = 1000;
    private int probeLimit = 1;
    private double percentile = 0.9;
    private double tolerance = 1.5;
    private Duration window = Duration.ofSeconds(1);
    private int minWindowSamples = 20;
    private int probeEvery = 60;
    private int queueSize;
    private Duration queueTimeout = Duration.ofMillis(50);
    private boolean monitorOnly;
    private long seed = System.nanoTime();
    private @Nullable Ticker ticker;
    private boolean maxSet;
    private boolean queueSet;
    private boolean monitorSet;

    private Builder() {}

    /** Limit before the first window closes, 1..1,000,000. */
    public Builder initialLimit(int limit) {
      this.initialLimit = Checks.requireInRange(limit, 1, 1_000_000, "initialLimit");
      return this;
    }

    /** Lowest and highest limit of the estimate, 1 <= min <= max <= 1,000,000. */
    public Builder limits(int min, int max) {
      this.minLimit = Checks.requireInRange(min, 1, 1_000_000, "minLimit");
      this.maxLimit = Checks.requireInRange(max, 1, 1_000_000, "maxLimit");
      this.maxSet = true;
      return this;
    }

    /** Limit during a no-load probe, 1..1,000,000 (default 1). */
    public Builder probeLimit(int limit) {
      this.probeLimit = Checks.requireInRange(limit, 1, 1_000_000, "probeLimit");
      return this;
    }

    /** Window latency percentile, in [0.5, 0.999] (default 0.9). */
    public Builder percentile(double p) {
      this.percentile = Checks.requireInRange(p, 0.5, 0.999, "percentile");
      return this;
    }

    /** Latency tolerance over no-load, in [1.0, 10.0] (default 1.5). */
    public Builder tolerance(double t) {
      this.tolerance = Checks.requireInRange(t, 1.0, 10.0, "tolerance");
      return this;
    }

    /** Shortest window, 1 ms..10 min, and fewest samples in it, 5..100,000. */
    public Builder window(Duration window, int minSamples) {
      this.window = Checks.requireInRange(window, Duration.ofMillis(1), Duration.ofMinutes(10), "window");
      this.minWindowSamples = Checks.requireInRange(minSamples, 5, 100_000, "minWindowSamples");
      return this;
    }

    /** Mean windows between probes, 2..1,000,000 (default 60). */
    public Builder probeEvery(int windows) {
      this.probeEvery = Checks.requireInRange(windows, 2, 1_000_000, "probeEvery");
      return this;
    }

    /** Waiting callers at most, 0..100,000 (default 0), and their longest wait, 0..1 min (default 50 ms). */
    public Builder queue(int size, Duration timeout) {
      this.queueSize = Checks.requireInRange(size, 0, 100_000, "queueSize");
      this.queueTimeout = Checks.requireInRange(timeout, Duration.ZERO, Duration.ofMinutes(1), "queueTimeout");
      this.queueSet = true;
      return this;
    }

    /** Monitor-only: measure and count would-be rejections, admit every call (default false). */
    public Builder monitorOnly(boolean on) {
      this.monitorOnly = on;
      this.monitorSet = true;
      return this;
    }

    /** Seed of the probe jitter. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Time source of latencies and windows (default: the module's, else {@link Ticker#system()}). */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** Sets the ticker only when none was given explicitly (used by the module). */
    public Builder defaultTicker(Ticker ticker) {
      if (this.ticker == null) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
      }
      return this;
    }

    /**
     * Applies bound {@code optimizer.limit.max-concurrency}, {@code .queue-size} and {@code .monitor-only} to
     * every value this builder did not set explicitly.
     */
    public Builder settings(Settings settings) {
      Objects.requireNonNull(settings, "settings");
      if (!maxSet) {
        settings.get(LimitSettings.MAX_CONCURRENCY).ifPresent(m -> {
          this.maxLimit = m;
          this.minLimit = Math.min(minLimit, m);
          this.initialLimit = Math.min(initialLimit, m);
        });
      }
      if (!queueSet) {
        settings.get(LimitSettings.QUEUE_SIZE).ifPresent(q -> this.queueSize = q);
      }
      if (!monitorSet) {
        settings.get(LimitSettings.MONITOR_ONLY).ifPresent(m -> this.monitorOnly = m);
      }
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if {@code minLimit > maxLimit} or the initial limit is outside them
     */
    public ConcurrencyLimiterConfig build() {
      if (minLimit > maxLimit) {
        throw new IllegalStateException("minLimit " + minLimit + " > maxLimit " + maxLimit);
      }
      if (initialLimit < minLimit || initialLimit > maxLimit) {
        throw new IllegalStateException("initialLimit " + initialLimit + " outside " + minLimit + ".." + maxLimit);
      }
      return new ConcurrencyLimiterConfig(this);
    }
  }
}
