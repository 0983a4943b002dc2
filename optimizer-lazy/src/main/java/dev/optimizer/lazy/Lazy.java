package dev.optimizer.lazy;

import dev.optimizer.core.Ticker;
import dev.optimizer.lazy.internal.LoadListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value computed on first use, at most once at a time however many threads ask, and then returned by a
 * plain read.
 *
 * <pre>{@code
 * private final Lazy<Config> config = Lazy.of(() -> Config.parse(path));
 * private final Lazy<Rates> rates = Lazy.builder().ttl(Duration.ofMinutes(5)).build(this::fetchRates);
 * }</pre>
 *
 * <p><b>Loading.</b> The first {@link #get()} runs the loader on the calling thread; every thread calling
 * {@code get()} meanwhile waits for that one load (uninterruptibly, as for a class initializer) and gets
 * its value or its exception. The load path uses no {@code synchronized} block, only compare-and-set on
 * one field (and a {@code ReentrantLock} to publish the result), so it does not pin virtual threads.
 * Once loaded, {@code get()} without a TTL is one volatile read compared with a constant; with a TTL it
 * reads an immutable holder and one {@link Ticker#read()}.
 *
 * <p><b>Failures</b> are never memoized: the callers of the failed load see the exception (unchecked
 * ones as themselves, checked ones wrapped in {@link LazyLoadException}) and the next {@code get()}
 * loads again. A loader returning null fails with a {@link NullPointerException}.
 *
 * <p><b>TTL.</b> With a TTL the value is fresh for that long counted from when its load
 * <em>finished</em>: a value loaded at tick {@code t} is returned while {@code now - t < ttl} and is
 * expired from {@code now - t == ttl} on; the first {@code get()} after that reloads (and concurrent
 * callers wait for it).
 *
 * <p><b>Memory visibility.</b> Everything the loader wrote before returning happens-before the return of
 * every {@code get()} that returns its value.
 *
 * <p>Thread-safe. A loader must not call {@code get()} on its own {@code Lazy}: that throws
 * {@link IllegalStateException} rather than deadlock.
 *
 * @param <T> the value type
 */
public final class Lazy<T> implements Supplier<T> {
  private static final Logger log = LoggerFactory.getLogger(Lazy.class);
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Lazy.class, "state", State.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Nothing loaded: the initial state and the one {@link #invalidate()} sets. */
  private static final State<?> EMPTY = new Empty<>();
  private static final Object NO_VALUE = new Object();

  /**
   * {@link #EMPTY}, a {@link Loaded} or a {@link Loading}, never null (so get() needs no null check);
   * replaced by compare-and-set except in {@link #invalidate()}.
   */
  private volatile State<T> state;
  /**
   * For a Lazy without TTL, the loaded value itself once published, else {@link #NO_VALUE}: get() then
   * reads this one field and compares it with a constant, as cheap as it gets. Written only under
   * {@link #publishLock} together with a check of (or a write to) {@code state}, so invalidate() wins
   * every race with a finishing load.
   */
  private volatile Object fast = NO_VALUE;
  private final ReentrantLock publishLock = new ReentrantLock();

  private final ValueLoader<? extends T> loader;
  /** 0 for no TTL. */
  private final long ttlNanos;
  private final Ticker ticker;
  /** Non-null for stale-while-revalidate: expired values are served while this refreshes them. */
  private final @Nullable Executor refreshExecutor;
  private final LoadListener listener;
  /** Whether loads read the ticker: for a TTL or for load times. A plain Lazy skips two clock reads. */
  private final boolean timed;
  private final String name;
  /** Racy on purpose: at worst the warning is logged a few times instead of once. */
  private boolean refreshRejectionLogged;

  Lazy(ValueLoader<? extends T> loader, @Nullable Duration ttl, Ticker ticker,
      @Nullable Executor refreshExecutor, LoadListener listener, String name) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.ttlNanos = ttl == null ? 0 : saturatedNanos(ttl);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.refreshExecutor = refreshExecutor;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.timed = ttlNanos != 0 || listener != LoadListener.NONE;
    this.state = empty();
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * A lazy value with no TTL: loaded on the first {@link #get()} and kept until {@link #invalidate()}.
   *
   * @param loader called at most once at a time; its result must not be null
   * @throws NullPointerException if {@code loader} is null
   */
  public static <T> Lazy<T> of(Supplier<? extends T> loader) {
    Objects.requireNonNull(loader, "loader");
    return new Lazy<>(loader::get, null, Ticker.system(), null, LoadListener.NONE, "lazy");
  }

  /** A builder for a lazy value with a TTL, a ticker or a name. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The value, loading it on this thread if nothing is loaded or the TTL has passed, or waiting for the
   * load another thread is running.
   *
   * @return the value; never null
   * @throws LazyLoadException if the loader threw a checked exception (the cause)
   * @throws IllegalStateException if called by this value's own loader
   * @throws RuntimeException what the loader threw, as itself; the failure is not kept
   */
  @Override
  @SuppressWarnings("unchecked")
  public T get() {
    // The hot path: one volatile read compared with a constant. Only a published value of a Lazy without
    // TTL is there; everything else (not loaded yet, loading, a TTL) takes the second path.
    Object f = fast;
    return f != NO_VALUE ? (T) f : getTimedOrLoad();
  }

  /** A value with a TTL (one ticker read), else the load path. */
  private T getTimedOrLoad() {
    State<T> s = state;
    if (s instanceof Loaded) {
      Loaded<T> l = (Loaded<T>) s;
      if (isFresh(l)) {
        return l.value;
      }
    }
    return getSlow();
  }

  /** Whether a value is loaded and not expired, so {@link #get()} would return it without loading. */
  public boolean isLoaded() {
    State<T> s = state;
    return s instanceof Loaded && isFresh((Loaded<?>) s);
  }

  /**
   * Drops the value, so the next {@link #get()} loads again. A load running now still hands its value to
   * the callers already waiting for it, but that value is not kept: calls made after this method
   * returns never see it.
   */
  public void invalidate() {
    if (ttlNanos != 0) {
      state = empty();
      return;
    }
    publishLock.lock();
    try {
      fast = NO_VALUE;
      state = empty();
    } finally {
      publishLock.unlock();
    }
  }

  /** Makes {@code loaded} the hot-path value, unless invalidate() replaced it meanwhile. */
  private void publishFast(Loaded<T> loaded) {
    publishLock.lock();
    try {
      if (state == loaded) {
        fast = loaded.value;
      }
    } finally {
      publishLock.unlock();
    }
  }

  /**
   * A lazy value holding {@code mapper} applied to this one's value, computed on its own first
   * {@code get()}. It has this value's TTL and ticker; its TTL counts from its own load, so a derived
   * value may lag a reload of this one by up to one TTL. Invalidating this value does not invalidate the
   * derived one.
   *
   * @param mapper must not return null
   */
  public <R> Lazy<R> map(Function<? super T, ? extends R> mapper) {
    Objects.requireNonNull(mapper, "mapper");
    Duration ttl = ttlNanos == 0 ? null : Duration.ofNanos(ttlNanos);
    return new Lazy<>(() -> mapper.apply(get()), ttl, ticker, null, LoadListener.NONE, name + ".map");
  }

  /** Says whether the value is loaded; never shows the value itself. */
  @Override
  public String toString() {
    State<T> s = state;
    String what = s == EMPTY ? "not loaded"
        : s instanceof Loading ? "loading" : isFresh((Loaded<?>) s) ? "loaded" : "expired";
    return "Lazy[" + name + ", " + what + "]";
  }

  // ---- package-private: used by LazyLoader ----

  /**
   * The value as a future: completed at once if fresh (or stale under stale-while-revalidate), the
   * running load's result if one runs, else a new load started on {@code executor}. The returned future
   * is the caller's own: completing or cancelling it does not affect the load.
   */
  @SuppressWarnings("unchecked")
  CompletableFuture<T> getAsync(Executor executor) {
    for (;;) {
      State<T> s = state;
      if (s instanceof Loaded) {
        Loaded<T> l = (Loaded<T>) s;
        if (isFresh(l)) {
          return CompletableFuture.completedFuture(l.get());
        }
        if (refreshExecutor != null) {
          startRefresh(l);
          listener.staleServed();
          return CompletableFuture.completedFuture(l.get());
        }
      } else if (s instanceof Loading) {
        Loading<T> ld = (Loading<T>) s;
        if (ld.serveStale && ld.previous != null) {
          listener.staleServed();
          return CompletableFuture.completedFuture(ld.previous.get());
        }
        return ld.future.copy();
      }
      Loading<T> mine = new Loading<>(loadedOrNull(s), false);
      if (STATE.compareAndSet(this, s, mine)) {
        try {
          executor.execute(new BackgroundLoad(mine, "asynchronous load"));
        } catch (RejectedExecutionException e) {
          fail(mine, 0, e);
        }
        return mine.future.copy();
      }
    }
  }

  /**
   * Loads on this thread if nothing fresh is loaded and no load runs; for preload workers.
   *
   * @return whether this call ran a load (successful or not)
   */
  @SuppressWarnings("unchecked")
  boolean loadIfAbsent() {
    State<T> s = state;
    if (s instanceof Loading || (s instanceof Loaded && isFresh((Loaded<T>) s))) {
      return false;
    }
    Loading<T> mine = new Loading<>(loadedOrNull(s), false);
    if (!STATE.compareAndSet(this, s, mine)) {
      return false;
    }
    loadInBackground(mine, "preload");
    return true;
  }

  String name() {
    return name;
  }

  @Nullable Duration ttl() {
    return ttlNanos == 0 ? null : Duration.ofNanos(ttlNanos);
  }

  // ---- the load path ----

  @SuppressWarnings("unchecked")
  private T getSlow() {
    for (;;) {
      State<T> s = state;
      if (s instanceof Loading) {
        Loading<T> ld = (Loading<T>) s;
        if (ld.serveStale && ld.previous != null) {
          listener.staleServed();
          return ld.previous.get();
        }
        if (ld.loaderThread == Thread.currentThread()) {
          throw new IllegalStateException("recursive load: the loader of " + name
              + " called get() on the value it is loading");
        }
        return await(ld.future);
      }
      Loaded<T> l = loadedOrNull(s);
      if (l != null) {
        if (isFresh(l)) {
          return l.get();
        }
        if (refreshExecutor != null) {
          startRefresh(l);
          listener.staleServed();
          return l.get();
        }
      }
      Loading<T> mine = new Loading<>(l, false);
      if (STATE.compareAndSet(this, s, mine)) {
        mine.loaderThread = Thread.currentThread();
        return load(mine);
      }
      // Lost the race to another loader or to invalidate(); look again.
    }
  }

  /** Starts exactly one background refresh of {@code stale}, unless one already replaced it. */
  private void startRefresh(Loaded<T> stale) {
    Loading<T> mine = new Loading<>(stale, true);
    if (!STATE.compareAndSet(this, stale, mine)) {
      return;
    }
    try {
      Objects.requireNonNull(refreshExecutor).execute(new BackgroundLoad(mine, "background refresh"));
    } catch (RejectedExecutionException e) {
      fail(mine, 0, e);
      // After the registry closes every get() of an expired value lands here: warn once, not per call.
      if (!refreshRejectionLogged) {
        refreshRejectionLogged = true;
        log.warn("background refresh of {} was rejected (registry closed?); serving the stale value", name, e);
      } else {
        log.debug("background refresh of {} was rejected; serving the stale value", name, e);
      }
    }
  }

  private void loadInBackground(Loading<T> mine, String what) {
    mine.loaderThread = Thread.currentThread();
    try {
      load(mine);
    } catch (RuntimeException | Error e) {
      // Counted by the listener and handed to whoever waits on the future; logged because a background
      // failure may have no caller at all.
      log.warn("{} of {} failed; the next get() will try again", what, name, e);
    }
  }

  /**
   * Runs the loader for {@code mine}, publishes the value (unless invalidated meanwhile) and completes
   * the future. Publication happens before the future completes, so a woken waiter's next get() is a
   * plain read.
   */
  private T load(Loading<T> mine) {
    long start = timed ? ticker.read() : 0;
    T value;
    try {
      value = loader.load();
      if (value == null) {
        throw new NullPointerException("the loader of " + name + " returned null");
      }
    } catch (Throwable t) {
      fail(mine, timed ? ticker.read() - start : 0, t);
      throw propagate(t);
    } finally {
      mine.loaderThread = null;
    }
    // The TTL counts from here, when the load finished.
    long end = timed ? ticker.read() : 0;
    // Counted before publication, so whoever sees the new value also sees it counted.
    if (listener != LoadListener.NONE) {
      try {
        listener.loaded(end - start);
      } catch (RuntimeException e) {
        log.warn("load listener of {} failed", name, e); // must never leave waiters hanging
      }
    }
    // Fails only if invalidate() ran during the load: the waiters still get this value, nobody keeps it.
    Loaded<T> loaded = new Loaded<>(value, end);
    if (STATE.compareAndSet(this, mine, loaded) && ttlNanos == 0) {
      publishFast(loaded);
    }
    mine.future.complete(value);
    return value;
  }

  /** Ends {@code mine} with a failure; also used when a queued background load is abandoned. */
  void fail(Loading<T> mine, long nanos, Throwable t) {
    if (listener != LoadListener.NONE) {
      try {
        listener.failed(nanos, t);
      } catch (RuntimeException e) {
        log.warn("load listener of {} failed", name, e); // must never leave waiters hanging
      }
    }
    // Not memoized: back to the stale value (still expired, so the next get() tries again) or to nothing.
    STATE.compareAndSet(this, mine, mine.previous != null ? mine.previous : empty());
    mine.future.completeExceptionally(t);
  }


  private T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw propagate(e.getCause() != null ? e.getCause() : e);
    }
  }

  private RuntimeException propagate(Throwable t) {
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    throw new LazyLoadException("loading " + name + " failed", t);
  }

  @SuppressWarnings("unchecked")
  private State<T> empty() {
    return (State<T>) EMPTY;
  }

  @SuppressWarnings("unchecked")
  private static <T> @Nullable Loaded<T> loadedOrNull(State<T> s) {
    return s instanceof Loaded ? (Loaded<T>) s : null;
  }

  private boolean isFresh(Loaded<?> l) {
    return ttlNanos == 0 || ticker.read() - l.loadedAt < ttlNanos;
  }

  private static long saturatedNanos(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    try {
      return ttl.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * What {@code state} holds. Immutable apart from {@link Loading#loaderThread}; final fields, so safely
   * published through the volatile {@code state}.
   */
  private abstract static class State<T> {}

  /** Nothing loaded. */
  private static final class Empty<T> extends State<T> {
  }

  /** A loaded value. */
  private static final class Loaded<T> extends State<T> {
    final T value;
    /** Ticker reading when the load finished (0 when the Lazy has no TTL and no listener). */
    final long loadedAt;

    Loaded(T value, long loadedAt) {
      this.value = value;
      this.loadedAt = loadedAt;
    }

    T get() {
      return value;
    }
  }

  /** A load in progress; its future completes after the state has moved on. */
  private static final class Loading<T> extends State<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();
    /** What to go back to if the load fails; the stale value under stale-while-revalidate. */
    final @Nullable Loaded<T> previous;
    /** Whether callers get {@link #previous} instead of waiting. */
    final boolean serveStale;
    /** The thread running the loader, to detect recursion; only that thread's own write matters. */
    @Nullable Thread loaderThread;

    Loading(@Nullable Loaded<T> previous, boolean serveStale) {
      this.previous = previous;
      this.serveStale = serveStale;
    }
  }

  /** A load handed to an executor; the registry abandons it if the executor shuts down before it ran. */
  final class BackgroundLoad implements Runnable, AbandonableLoad {
    private final Loading<T> mine;
    private final String what;

    BackgroundLoad(Loading<T> mine, String what) {
      this.mine = mine;
      this.what = what;
    }

    @Override
    public void run() {
      loadInBackground(mine, what);
    }

    @Override
    public void abandon(Throwable why) {
      fail(mine, 0, why);
    }
  }

  /** Builds a {@link Lazy}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration ttl;
    private Ticker ticker = Ticker.system();
    private String name = "lazy";

    private Builder() {}

    /**
     * How long a loaded value stays fresh, counted from when its load finished; default none (kept
     * until invalidated).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive, was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** The time source for the TTL; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * A name used in {@code toString()} and exception messages; default {@code lazy}.
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
      return this;
    }

    /**
     * The lazy value; nothing is loaded yet.
     *
     * @param loader called at most once at a time; must not return null
     */
    public <T> Lazy<T> build(Supplier<? extends T> loader) {
      Objects.requireNonNull(loader, "loader");
      return new Lazy<>(loader::get, ttl, ticker, null, LoadListener.NONE, name);
    }
  }
}
