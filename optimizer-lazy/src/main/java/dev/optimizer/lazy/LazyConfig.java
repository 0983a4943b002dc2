package dev.optimizer.lazy;

import static dev.optimizer.core.support.Checks.requireAtLeast;
import static dev.optimizer.core.support.Checks.requireInRange;
import static dev.optimizer.core.support.Checks.requireNonBlank;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.lazy.internal.LazySettings;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link LazyRegistry} and of {@link LazyLoad @LazyLoad} methods. Immutable and
 * thread-safe; build one with {@link #custom()} or take {@link #ofDefaults()}.
 */
public final class LazyConfig {
  private static final LazyConfig DEFAULTS = custom().build();

  private final String name;
  private final int preloadConcurrency;
  private final int preloadLimit;
  private final boolean preloadOnRegistration;
  private final boolean pauseUnderCpuPressure;
  private final int loaderThreads;
  private final long memoizeMaximumSize;
  private final Ticker ticker;
  /** Settings set by builder calls, which bound system properties and environment variables never replace. */
  private final Set<String> explicit;
  private final boolean preloadOnRegistrationSet;

  private LazyConfig(Builder b) {
    this.explicit = Set.copyOf(b.explicit);
    this.preloadOnRegistrationSet = b.preloadOnRegistrationSet;
    this.name = b.name;
    this.preloadConcurrency = b.preloadConcurrency;
    this.preloadLimit = b.preloadLimit;
    this.preloadOnRegistration = b.preloadOnRegistration;
    this.pauseUnderCpuPressure = b.pauseUnderCpuPressure;
    this.loaderThreads = b.loaderThreads;
    this.memoizeMaximumSize = b.memoizeMaximumSize;
    this.ticker = b.ticker;
  }

  /**
   * The defaults: name {@code default}, 2 preload workers, no preload limit, preload at registration,
   * pause preloading under CPU pressure, 2 loader threads, 10,000 memoized argument lists per method and
   * target, the system ticker.
   */
  public static LazyConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's settings; a setting its builder set explicitly stays explicit
   * (bound properties and environment variables do not replace it).
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.explicit.addAll(explicit);
    b.name = name;
    b.preloadConcurrency = preloadConcurrency;
    b.preloadLimit = preloadLimit;
    b.preloadOnRegistration = preloadOnRegistration;
    b.preloadOnRegistrationSet = preloadOnRegistrationSet;
    b.pauseUnderCpuPressure = pauseUnderCpuPressure;
    b.loaderThreads = loaderThreads;
    b.memoizeMaximumSize = memoizeMaximumSize;
    b.ticker = ticker;
    return b;
  }

  /** The registry's name, the {@code registry} tag of its meters. */
  public String name() {
    return name;
  }

  /** How many preloads run at the same time at most (the number of preload worker threads). */
  public int preloadConcurrency() {
    return preloadConcurrency;
  }

  /**
   * The most PRELOAD loaders one preload pass queues, highest priority first: a
   * {@link LazyRegistry#preloadAll()} call, or the registration of one loader (so 0 turns preloading
   * off). Loaders left out load on their first {@code get()}.
   */
  public int preloadLimit() {
    return preloadLimit;
  }

  /** Whether registering a PRELOAD loader queues its preload at once. */
  public boolean preloadOnRegistration() {
    return preloadOnRegistration;
  }

  /** Whether the tuning loop may pause preloading while CPU is under pressure. */
  public boolean pauseUnderCpuPressure() {
    return pauseUnderCpuPressure;
  }

  /** Threads for {@code getAsync()} loads and CACHED background refreshes. */
  public int loaderThreads() {
    return loaderThreads;
  }

  /** Per method and target object, the most argument lists a {@code @LazyLoad} method memoizes. */
  public long memoizeMaximumSize() {
    return memoizeMaximumSize;
  }

  /** The time source for TTLs and load times. */
  public Ticker ticker() {
    return ticker;
  }

  /** Whether {@link Builder#ticker(Ticker)} was called: then the optimizer's ticker does not replace it. */
  boolean tickerGiven() {
    return explicit.contains("ticker");
  }

  @Override
  public String toString() {
    return "LazyConfig[name=" + name + ", preloadConcurrency=" + preloadConcurrency + ", preloadLimit="
        + preloadLimit + ", preloadOnRegistration=" + preloadOnRegistration + ", pauseUnderCpuPressure="
        + pauseUnderCpuPressure + ", loaderThreads=" + loaderThreads + ", memoizeMaximumSize="
        + memoizeMaximumSize + ", ticker=" + ticker + "]";
  }

  /** Builds a {@link LazyConfig}. Each setter checks its own argument; not thread-safe. */
  public static final class Builder {
    private String name = "default";
    private int preloadConcurrency = 2;
    private int preloadLimit = Integer.MAX_VALUE;
    private boolean preloadOnRegistration = true;
    private boolean preloadOnRegistrationSet;
    private boolean pauseUnderCpuPressure = true;
    private int loaderThreads = 2;
    private long memoizeMaximumSize = 10_000;
    private Ticker ticker = Ticker.system();
    private final Set<String> explicit = new HashSet<>();
    private Settings settings = Settings.empty();

    private Builder() {}

    /**
     * The registry's name, used as the {@code registry} meter tag; default {@code default}.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      requireNonBlank(name, "name");
      this.name = name;
      return this;
    }

    /**
     * Preloads running at the same time at most; default 2.
     *
     * @throws IllegalArgumentException if below 1 or above 256
     */
    public Builder preloadConcurrency(int threads) {
      this.preloadConcurrency = requireInRange(threads, 1, 256, "preloadConcurrency");
      explicit.add("preload-concurrency");
      return this;
    }

    /**
     * The most loaders one preload pass queues, by priority; default unlimited. 0 turns preloading off.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder preloadLimit(int loaders) {
      this.preloadLimit = requireAtLeast(loaders, 0, "preloadLimit");
      explicit.add("preload-count");
      return this;
    }

    /** Whether registering a PRELOAD loader queues its preload at once; default true. */
    public Builder preloadOnRegistration(boolean preload) {
      this.preloadOnRegistration = preload;
      this.preloadOnRegistrationSet = true;
      return this;
    }

    /** Whether the tuning loop may pause preloading under CPU pressure; default true. */
    public Builder pauseUnderCpuPressure(boolean pause) {
      this.pauseUnderCpuPressure = pause;
      return this;
    }

    /**
     * Threads for asynchronous loads and background refreshes; default 2.
     *
     * @throws IllegalArgumentException if below 1 or above 256
     */
    public Builder loaderThreads(int threads) {
      this.loaderThreads = requireInRange(threads, 1, 256, "loaderThreads");
      return this;
    }

    /**
     * Per method and target, the most argument lists a {@code @LazyLoad} method memoizes (least recently
     * used ones are evicted first); default 10,000.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder memoizeMaximumSize(long entries) {
      this.memoizeMaximumSize = requireAtLeast(entries, 1, "memoizeMaximumSize");
      return this;
    }

    /**
     * The time source for TTLs and load times, in {@link Ticker#read()} nanoseconds; default {@link
     * Ticker#system()}. Given here, it wins over the optimizer's ticker when a {@link LazyModule} starts;
     * not given, the module uses the optimizer's. Tests pass a fake ticker and move it.
     *
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      explicit.add("ticker");
      return this;
    }

    /** The optimizer's ticker, used only when {@link #ticker(Ticker)} was not called (module start). */
    Builder defaultTicker(Ticker ticker) {
      if (!explicit.contains("ticker")) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
      }
      return this;
    }

    /**
     * Bound system properties and environment variables read at {@link #build()}: {@code lazy.preload-count}
     * (the {@link #preloadLimit}) and {@code lazy.preload-concurrency} ({@code OPTIMIZER_LAZY_*}), each only
     * where no builder call set the value. Default {@link Settings#empty()}; the lazy module passes the
     * optimizer's.
     */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if preloading at registration was asked for explicitly while
     *     {@code preloadLimit} is 0, which turns preloading off
     */
    public LazyConfig build() {
      if (!explicit.contains("preload-count")) {
        settings.get(LazySettings.PRELOAD_COUNT).ifPresent(v -> preloadLimit = v);
      }
      if (!explicit.contains("preload-concurrency")) {
        settings.get(LazySettings.PRELOAD_CONCURRENCY).ifPresent(v -> preloadConcurrency = v);
      }
      if (preloadOnRegistrationSet && preloadOnRegistration && preloadLimit == 0) {
        throw new IllegalStateException("preloadOnRegistration(true) conflicts with preloadLimit(0), "
            + "which turns preloading off");
      }
      return new LazyConfig(this);
    }
  }
}
