package dev.optimizer.lazy;

import dev.optimizer.core.Tunable;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.lazy.internal.LazyMeterBinder;
import dev.optimizer.lazy.internal.LoadCounters;
import dev.optimizer.lazy.internal.PreloadScheduler;
import dev.optimizer.lazy.internal.PreloadThrottle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named lazy values ({@link LazyLoader}s), each with its {@link LoadStrategy}, {@link Priority} and TTL,
 * plus the background machinery they share: preload workers and loader threads for asynchronous loads
 * and CACHED refreshes. Use it alone ({@link #create(LazyConfig)}) or from an optimizer
 * ({@code optimizer.module(LazyModule.class).registry()}).
 *
 * <pre>{@code
 * try (LazyRegistry lazy = LazyRegistry.create(LazyConfig.ofDefaults())) {
 *   LazyLoader<Catalog> catalog = lazy.loader("catalog", catalogDao::loadAll)
 *       .strategy(LoadStrategy.CACHED).ttl(Duration.ofMinutes(10)).register();
 *   catalog.get();
 * }
 * }</pre>
 *
 * <p>Threads: up to {@link LazyConfig#preloadConcurrency()} daemon threads named
 * {@code optimizer-lazy-<name>-preload-N}, started on the first preload, and up to
 * {@link LazyConfig#loaderThreads()} daemon threads {@code optimizer-lazy-<name>-loader-N}, started on
 * demand and ended after 30 s idle. {@link #close()} stops all of them. Thread-safe.
 */
public final class LazyRegistry implements MeterBinder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LazyRegistry.class);

  private final LazyConfig config;
  private final Map<String, LazyLoader<?>> loaders = new ConcurrentHashMap<>();
  private final PreloadScheduler preloads;
  private final ThreadPoolExecutor loaderExecutor;
  private final PreloadThrottle throttle;
  private final LazyMeterBinder meters;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Registration sequence per key, so preload ties keep registration order. */
  private final Map<String, Long> order = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  private LazyRegistry(LazyConfig config) {
    this.config = config;
    this.preloads = new PreloadScheduler(DaemonThreadFactory.of("lazy", config.name() + "-preload"),
        config.preloadConcurrency());
    this.loaderExecutor = new ThreadPoolExecutor(config.loaderThreads(), config.loaderThreads(), 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreadFactory.of("lazy", config.name() + "-loader"));
    loaderExecutor.allowCoreThreadTimeOut(true);
    this.throttle = new PreloadThrottle(config.name(), preloads);
    this.meters = new LazyMeterBinder(config.name(), preloads);
  }

  /** A registry with {@link LazyConfig#ofDefaults()} and no meters. */
  public static LazyRegistry create() {
    return create(LazyConfig.ofDefaults());
  }

  /**
   * A registry with no meters bound; binding {@link #metrics()} registers them.
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static LazyRegistry create(LazyConfig config) {
    return new LazyRegistry(Objects.requireNonNull(config, "config"));
  }

  /** The configuration. */
  public LazyConfig config() {
    return config;
  }

  /**
   * Starts defining a loader; {@link LazyLoader.Builder#register()} adds it.
   *
   * @param key unique in this registry, not blank
   * @param loader computes the value; must not return null
   * @throws IllegalArgumentException if {@code key} is blank
   */
  public <T> LazyLoader.Builder<T> loader(String key, ValueLoader<? extends T> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    if (key.isBlank()) {
      throw new IllegalArgumentException("loader key must not be blank");
    }
    return new LazyLoader.Builder<>(this, key, loader);
  }

  /** The loader registered under {@code key}, if any. */
  public Optional<LazyLoader<?>> find(String key) {
    return Optional.ofNullable(loaders.get(key));
  }

  /**
   * The loader registered under {@code key}, typed.
   *
   * @throws java.util.NoSuchElementException if none is registered under {@code key}
   */
  @SuppressWarnings("unchecked")
  public <T> LazyLoader<T> require(String key) {
    LazyLoader<?> l = loaders.get(key);
    if (l == null) {
      throw new java.util.NoSuchElementException("no lazy loader registered under '" + key
          + "' in registry " + config.name() + " (keys: " + keys() + ")");
    }
    return (LazyLoader<T>) l;
  }

  /** The registered keys, sorted. */
  public Set<String> keys() {
    return java.util.Collections.unmodifiableSet(new TreeSet<>(loaders.keySet()));
  }

  /**
   * Removes a loader and its meters. Its value stays reachable through references callers hold.
   *
   * @return whether one was registered under {@code key}
   */
  public boolean remove(String key) {
    LazyLoader<?> l = loaders.remove(key);
    if (l == null) {
      return false;
    }
    order.remove(key);
    meters.remove(key);
    return true;
  }

  /**
   * Queues every PRELOAD loader holding no fresh value (none yet, or expired) for a background load, highest priority first (ties:
   * registration order), at most {@link LazyConfig#preloadLimit()} of them. A loader whose preload is
   * already queued or running is not queued twice; the returned future waits for that preload instead.
   * While preloading is paused the future waits too.
   *
   * @return completes once every preload queued by this call has run, whether or not it succeeded
   *     (failures are logged and counted in {@link #stats()}); cancelled if the registry closes first
   * @throws IllegalStateException if closed
   */
  public CompletableFuture<Void> preloadAll() {
    ensureOpen();
    List<LazyLoader<?>> candidates = new ArrayList<>();
    for (LazyLoader<?> l : loaders.values()) {
      if (l.strategy() == LoadStrategy.PRELOAD && !l.isLoaded()) {
        candidates.add(l);
      }
    }
    // ConcurrentHashMap has no order; the sequence number in the key keeps registration order for ties.
    candidates.sort(Comparator.comparing((LazyLoader<?> l) -> l.priority()).reversed()
        .thenComparingLong(this::registrationOrder));
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (LazyLoader<?> l : candidates) {
      if (queued.size() >= config.preloadLimit()) {
        break;
      }
      queued.add(l.queuePreload(preloads));
    }
    return CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new));
  }

  /** Drops every loader's value; the next get of each loads again. */
  public void invalidateAll() {
    loaders.values().forEach(LazyLoader::invalidate);
  }

  /**
   * The tunable that pauses preloading under CPU pressure; the {@link LazyModule} registers it with the
   * optimizer. Register it yourself when using a registry alone.
   */
  public Tunable tunable() {
    return throttle;
  }

  /**
   * A snapshot of every loader and of the preload queue. Thread-safe; loaders are read one by one.
   *
   * @return a new immutable snapshot; load times as {@link Duration}
   */
  public LazyStats stats() {
    List<LoaderStats> each = new ArrayList<>();
    for (String key : keys()) {
      LazyLoader<?> l = loaders.get(key);
      if (l != null) {
        each.add(l.stats());
      }
    }
    long loads = 0;
    long failures = 0;
    long stale = 0;
    Duration time = Duration.ZERO;
    for (LoaderStats s : each) {
      loads += s.loads();
      failures += s.failures();
      stale += s.staleServes();
      time = time.plus(s.totalLoadTime());
    }
    return new LazyStats(config.name(), each, loads, failures, stale, time, preloads.queueDepth(),
        preloads.running(), preloads.isPaused());
  }

  /**
   * This registry's meters, tagged {@code registry=<name>}: {@code optimizer.lazy.preload.queue},
   * {@code optimizer.lazy.preload.paused}, and per loader (tag {@code key}) {@code optimizer.lazy.loads},
   * {@code optimizer.lazy.failures}, {@code optimizer.lazy.stale.serves} and {@code optimizer.lazy.load.time}.
   * Nothing is registered until {@code bindTo} is called; loaders added later are bound as they come. The
   * lazy module binds it to the optimizer's registry. Returns this registry, which is itself the binder.
   */
  public MeterBinder metrics() {
    return this;
  }

  /**
   * Binds this registry's meters (see {@link #metrics()}) to {@code registry}; the same as
   * {@code metrics().bindTo(registry)}.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    meters.bindTo(registry);
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Stops the preload workers (queued preloads are dropped, running ones interrupted) and the loader
   * threads, and removes the meters. Values already loaded stay usable; after closing, LAZY and
   * ON_DEMAND loaders load on the caller's thread, CACHED ones keep serving their stale value and
   * {@code getAsync()} fails with a {@link java.util.concurrent.RejectedExecutionException}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    preloads.close();
    // Loads still queued never run: fail them, or their waiters (and every later get()) would wait forever.
    RejectedExecutionException closing = new RejectedExecutionException("lazy registry " + config.name()
        + " closed before the load ran");
    for (Runnable never : loaderExecutor.shutdownNow()) {
      if (never instanceof AbandonableLoad load) {
        load.abandon(closing);
      }
    }
    try {
      if (!loaderExecutor.awaitTermination(1, TimeUnit.SECONDS)) {
        log.warn("lazy registry {}: loader threads still busy after close", config.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    meters.unbindAll();
  }

  @Override
  public String toString() {
    return "LazyRegistry[" + config.name() + ", " + loaders.size() + " loaders]";
  }

  // ---- package-private ----

  Executor loaderExecutor() {
    return loaderExecutor;
  }

  /** Makes a lazy value sharing this registry's ticker and loader threads; for @LazyLoad methods. */
  <T> Lazy<T> newLazy(ValueLoader<? extends T> loader, @Nullable Duration ttl, LoadStrategy strategy,
      LoadCounters counters, String name) {
    Executor refresh = strategy == LoadStrategy.CACHED ? loaderExecutor : null;
    return new Lazy<>(loader, ttl, config.ticker(), refresh, counters, name);
  }

  /** Binds a method's counters as if it were a loader, so @LazyLoad methods show in the meters. */
  void bindCounters(String key, LoadCounters counters) {
    meters.add(key, counters);
  }

  private long registrationOrder(LazyLoader<?> l) {
    return order.getOrDefault(l.key(), Long.MAX_VALUE);
  }

  <T> LazyLoader<T> register(String key, ValueLoader<? extends T> loader, LoadStrategy strategy,
      Priority priority, @Nullable Duration ttl) {
    ensureOpen();
    LoadCounters counters = new LoadCounters();
    Lazy<T> lazy = newLazy(loader, ttl, strategy, counters, key);
    LazyLoader<T> made = new LazyLoader<>(key, strategy, priority, lazy, counters, loaderExecutor);
    if (loaders.putIfAbsent(key, made) != null) {
      throw new IllegalStateException("a lazy loader is already registered under '" + key
          + "' in registry " + config.name());
    }
    order.put(key, sequence.getAndIncrement());
    meters.add(key, counters);
    if (strategy == LoadStrategy.PRELOAD && config.preloadOnRegistration() && config.preloadLimit() > 0) {
      made.queuePreload(preloads);
    }
    return made;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("lazy registry " + config.name() + " is closed");
    }
  }
}
