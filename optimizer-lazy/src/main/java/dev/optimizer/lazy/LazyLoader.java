package dev.optimizer.lazy;

import dev.optimizer.lazy.internal.LoadCounters;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import dev.optimizer.lazy.internal.PreloadScheduler;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A named lazy value in a {@link LazyRegistry}, loaded by its {@link LoadStrategy}. Create one with
 * {@link LazyRegistry#loader(String, ValueLoader)}. Thread-safe; at most one load runs at a time.
 *
 * @param <T> the value type
 */
public final class LazyLoader<T> {
  private final String key;
  private final LoadStrategy strategy;
  private final Priority priority;
  private final Lazy<T> lazy;
  private final LoadCounters counters;
  private final Executor loaderExecutor;
  /** The queued or running preload, null when none; so a loader is never queued twice. */
  private final AtomicReference<@Nullable CompletableFuture<Void>> pendingPreload =
      new AtomicReference<>();

  LazyLoader(String key, LoadStrategy strategy, Priority priority, Lazy<T> lazy, LoadCounters counters,
      Executor loaderExecutor) {
    this.key = key;
    this.strategy = strategy;
    this.priority = priority;
    this.lazy = lazy;
    this.counters = counters;
    this.loaderExecutor = loaderExecutor;
  }

  /** The key it is registered under. */
  public String key() {
    return key;
  }

  /** How it loads. */
  public LoadStrategy strategy() {
    return strategy;
  }

  /** Its preload priority. */
  public Priority priority() {
    return priority;
  }

  /** How long a value stays fresh after its load finished; empty for never expiring. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(lazy.ttl());
  }

  /**
   * The value, per the strategy: loading it on this thread, waiting for a running load or preload, or
   * (CACHED, after the TTL) returning the stale value while one background refresh runs.
   *
   * @return the value; never null
   * @throws LazyLoadException if the loader threw a checked exception (the cause)
   * @throws RuntimeException what the loader threw, as itself; the failure is not kept
   */
  public T get() {
    return lazy.get();
  }

  /**
   * The value without blocking: a completed future if a usable value is held (fresh, or stale under
   * CACHED), the running load's result if one runs, else a load started on the registry's loader
   * threads. Completing or cancelling the returned future does not affect the load.
   *
   * @return completes with the value, or exceptionally with what the loader threw
   */
  public CompletableFuture<T> getAsync() {
    return lazy.getAsync(loaderExecutor);
  }

  /** Whether a fresh value is held, so {@link #get()} would neither load nor wait. */
  public boolean isLoaded() {
    return lazy.isLoaded();
  }

  /**
   * Drops the value: the next {@link #get()} loads again (and waits for it, whatever the strategy). A
   * load running now still answers the callers already waiting for it, but its value is not kept.
   */
  public void invalidate() {
    lazy.invalidate();
  }

  /** A snapshot of this loader's figures. */
  public LoaderStats stats() {
    return new LoaderStats(key, strategy, priority, ttl(), isLoaded(), counters.loads(),
        counters.failures(), counters.staleServes(), Duration.ofNanos(counters.loadNanos()));
  }

  @Override
  public String toString() {
    return "LazyLoader[" + key + ", " + strategy + ", " + priority + ", " + lazy + "]";
  }

  LoadCounters counters() {
    return counters;
  }

  /**
   * Queues this loader's preload unless one is already queued or running.
   *
   * @return completes when that preload (this one or the one already queued) has run, whatever its
   *     outcome; fails if the scheduler drops it
   */
  CompletableFuture<Void> queuePreload(PreloadScheduler scheduler) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> already = pendingPreload.compareAndExchange(null, mine);
    if (already != null) {
      return already;
    }
    try {
      scheduler.submit(priority, this::preload).whenComplete((ignored, dropped) -> {
        if (dropped != null && pendingPreload.compareAndSet(mine, null)) {
          mine.completeExceptionally(dropped);
        }
      });
    } catch (RuntimeException e) {
      pendingPreload.compareAndSet(mine, null);
      mine.completeExceptionally(e);
    }
    return mine;
  }

  /** Runs the preload on the calling worker thread, unless a fresh value is held or a load runs. */
  private void preload() {
    try {
      lazy.loadIfAbsent();
    } finally {
      CompletableFuture<Void> done = pendingPreload.getAndSet(null);
      if (done != null) {
        done.complete(null);
      }
    }
  }

  /**
   * Builds and registers a {@link LazyLoader}. Not thread-safe.
   *
   * @param <T> the value type
   */
  public static final class Builder<T> {
    private final LazyRegistry registry;
    private final String key;
    private final ValueLoader<? extends T> loader;
    private LoadStrategy strategy = LoadStrategy.LAZY;
    private Priority priority = Priority.NORMAL;
    private @Nullable Duration ttl;

    Builder(LazyRegistry registry, String key, ValueLoader<? extends T> loader) {
      this.registry = registry;
      this.key = key;
      this.loader = loader;
    }

    /** How it loads; default {@link LoadStrategy#LAZY}. */
    public Builder<T> strategy(LoadStrategy strategy) {
      this.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** Preload order for {@link LoadStrategy#PRELOAD}; default {@link Priority#NORMAL}. */
    public Builder<T> priority(Priority priority) {
      this.priority = Objects.requireNonNull(priority, "priority");
      return this;
    }

    /**
     * How long a value stays fresh, counted from when its load finished; default none.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder<T> ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl of " + key + " must be positive, was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Registers the loader; a PRELOAD loader is queued for preloading at once if the registry's config
     * says so.
     *
     * @throws IllegalStateException if the strategy and TTL conflict (LAZY with a TTL, CACHED without
     *     one), the key is already registered, or the registry is closed
     */
    public LazyLoader<T> register() {
      if (strategy == LoadStrategy.LAZY && ttl != null) {
        throw new IllegalStateException("loader " + key + ": LAZY keeps its value and takes no TTL; "
            + "use ON_DEMAND or CACHED to expire it");
      }
      if (strategy == LoadStrategy.CACHED && ttl == null) {
        throw new IllegalStateException("loader " + key + ": CACHED needs a TTL");
      }
      return registry.register(key, loader, strategy, priority, ttl);
    }
  }
}
