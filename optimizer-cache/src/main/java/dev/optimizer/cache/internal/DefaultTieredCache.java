package dev.optimizer.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.CacheStats;
import dev.optimizer.cache.EntryOptions;
import dev.optimizer.cache.Tier;
import dev.optimizer.cache.TierStats;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.Weigher;
import dev.optimizer.cache.spi.ByteTier;
import dev.optimizer.cache.spi.InvalidationMessage;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.Tunable;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link TieredCache} implementation; see the interface for the contract. It coordinates four parts:
 * the {@link L1Store}, the {@link LoadCoordinator} (one load per key), the {@link LowerTiers} (L2/L3) and
 * the {@link InvalidationRelay} (other nodes' L1).
 */
public final class DefaultTieredCache<K, V> implements TieredCache<K, V> {
  private final CacheConfig config;
  private final String name;
  private final Function<? super K, String> keyEncoder;
  private final Executor executor;
  private final @Nullable L1Store<K> l1;
  /** L1's Caffeine cache, read directly on the hit path: one indirection fewer than through {@link #l1}. */
  private final @Nullable Cache<K, Object> l1Cache;
  private final LoadCoordinator<K> loads = new LoadCoordinator<>();
  private final LowerTiers<K, V> lower;
  private final InvalidationRelay<K> relay;
  private final BulkLoads<K, V> bulk;
  private final AsyncLoads<K, V> async;
  private final RefreshLoads<K, V> refreshes;
  private final CacheWrites<K, V> writes;
  private final L1SizeTunable tunable;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The options of reads that bring none: the defaults, with the cache's refresh-ahead if it has one. */
  private final EntryOptions readOptions;

  public DefaultTieredCache(CacheConfig config, Function<? super K, String> keyEncoder, ValueCodec<V> codec,
      FrameCompression compression, @Nullable ByteTier l2, @Nullable ByteTier l3, Ticker ticker,
      @Nullable Weigher<? super K, ? super V> weigher, Executor executor) {
    this.config = config;
    this.name = config.name();
    this.keyEncoder = keyEncoder;
    this.executor = executor;
    this.readOptions = config.refreshAfter().isZero() ? EntryOptions.defaults()
        : EntryOptions.defaults().withRefreshAfter(config.refreshAfter());
    this.l1 = config.l1Enabled() ? new L1Store<>(config, ticker, weigher) : null;
    this.l1Cache = l1 == null ? null : l1.cache();
    this.lower = new LowerTiers<>(config, keyEncoder, codec, compression, l2, l3, ticker);
    this.relay = new InvalidationRelay<>(name, lower.bus(), l1, loads, keyEncoder);
    relay.start();
    this.bulk = new BulkLoads<>(config, l1, loads, lower,
        (k, v, mine) -> storeL1IfStillLoading(l1, k, v, null, null, mine));
    this.async = new AsyncLoads<>(name, loads, lower, executor,
        (options, k) -> l1 != null && options.uses(Tier.L1) ? l1.getQuietly(k) : null, this::storeLoaded,
        (options, k, v, mine) -> storeL1IfStillLoading(options.uses(Tier.L1) ? l1 : null, k, v, options.ttl(),
            options.refreshAfter(), mine));
    this.refreshes = new RefreshLoads<>(name, loads, lower, l1, executor, this::storeLoaded, closed::get);
    this.writes = new CacheWrites<>(config, l1, loads, lower, relay);
    this.tunable = new L1SizeTunable(name, l1 == null ? null : l1.cache(), config);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CacheConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- reads

  @Override
  @SuppressWarnings("unchecked")
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader) {
    // The L1 hit is the hot path (CacheL1HitBench): Caffeine read directly, no options to consult, and no
    // closed check, because close() empties L1 after setting the flag, and neither a write nor a late load
    // refills it afterwards, so after close() every get misses L1 and reaches the check below.
    Cache<K, Object> c = l1Cache;
    if (c != null) {
      Object v = c.getIfPresent(key);
      if (v instanceof L1Values.Expiring e) {
        int state = l1.check(key, e);
        if (state == L1Store.REFRESH_DUE) {
          refresh(key, loader, readOptions);
        }
        v = state == L1Store.EXPIRED ? null : e.value();
      }
      if (v != null) {
        return v == L1Values.NULL ? null : (V) v; // L1 never holds NOT_CACHED
      }
    }
    ensureOpen();
    return unwrap(load(key, loader, readOptions));
  }

  @Override
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader, EntryOptions options) {
    ensureOpen();
    L1Store<K> c = l1;
    if (c != null && options.uses(Tier.L1)) {
      Object v = options.refreshAfter() == null ? c.get(key) : c.getEntry(key);
      if (v instanceof L1Values.Expiring e) {
        int state = c.check(key, e);
        if (state == L1Store.REFRESH_DUE) {
          refresh(key, loader, options);
        }
        v = state == L1Store.EXPIRED ? null : e.value();
      }
      if (v != null) {
        return unwrap(v);
      }
    }
    return unwrap(load(key, loader, options));
  }

  /**
   * The L1 value for {@code key} (or {@link L1Values#NULL}), or null on a miss: the allocation-free first
   * step of the annotation interceptor.
   */
  public @Nullable Object peekL1(K key) {
    L1Store<K> c = l1;
    return c == null ? null : c.get(key);
  }

  /**
   * As {@link #peekL1}, but an entry that carries a deadline or a refresh time is returned as its {@link
   * L1Values.Expiring} wrapper, unchecked: pass it to {@link #checkEntry}. For {@code @CacheResult} methods
   * with refresh-ahead.
   */
  public @Nullable Object peekL1Entry(K key) {
    L1Store<K> c = l1;
    return c == null ? null : c.getEntry(key);
  }

  /**
   * Checks an entry from {@link #peekL1Entry} at one ticker reading: {@link L1Store#LIVE} (its {@code value()}
   * is the hit), {@link L1Store#REFRESH_DUE} (a hit too; the caller should {@link #refresh}) or {@link
   * L1Store#EXPIRED} (removed; the read is a miss).
   */
  int checkEntry(K key, L1Values.Expiring entry) {
    L1Store<K> c = l1;
    return c == null ? L1Store.EXPIRED : c.check(key, entry);
  }

  /**
   * Starts one background reload of {@code key} with {@code loader} on the cache's executor, unless a load
   * or reload of the key is already running or the cache is closed; returns at once. The reloaded value is
   * stored in every tier {@code options} use, as a load's would be; a reload that returns an uncached null
   * drops the key from them; a failed one changes nothing and is counted.
   */
  public void refresh(K key, Function<? super K, ? extends @Nullable V> loader, EntryOptions options) {
    refreshes.refresh(key, loader, options);
  }

  /** As {@link #refresh}, for a loader that returns a {@code CompletionStage} (called on the executor). */
  public void refreshAsync(K key, Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader,
      EntryOptions options) {
    refreshes.refreshAsync(key, loader, options);
  }

  /** Completes a read after {@link #peekL1} missed: lower tiers, then the loader (single-flight). */
  public @Nullable V loadAfterL1Miss(K key, Function<? super K, ? extends @Nullable V> loader,
      EntryOptions options) {
    ensureOpen();
    return unwrap(load(key, loader, options));
  }

  /**
   * The asynchronous form of {@link #loadAfterL1Miss}, for {@code @CacheResult} methods that return a
   * {@code CompletionStage}; see {@link AsyncLoads#load}.
   */
  public CompletableFuture<Object> loadAsyncAfterL1Miss(K key,
      Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader, EntryOptions options) {
    ensureOpen();
    return async.load(key, loader, options);
  }

  @Override
  public @Nullable V getIfPresent(K key) {
    ensureOpen();
    if (l1 != null) {
      Object v = l1.get(key);
      if (v != null) {
        return unwrap(v);
      }
    }
    if (lower.count() == 0) {
      return null;
    }
    try (ByteTier.Scope scope = lower.openScopes()) {
      Object found = lower.find(key, EntryOptions.defaults());
      if (found != null && l1 != null) {
        l1.put(key, found, null);
      }
      return found == null ? null : unwrap(found);
    }
  }

  private Object load(K key, Function<? super K, ? extends @Nullable V> loader, EntryOptions options) {
    return loads.loadOnce(key, mine -> {
      try (ByteTier.Scope scope = lower.openScopes()) {
        return lookupAndLoad(key, loader, options, mine);
      }
    });
  }

  /** Returns the value, {@link L1Values#NULL} for a cached null, or {@link L1Values#NOT_CACHED}. */
  private Object lookupAndLoad(K key, Function<? super K, ? extends @Nullable V> loader,
      EntryOptions options, CompletableFuture<Object> mine) {
    L1Store<K> c = options.uses(Tier.L1) ? l1 : null;
    if (c != null) {
      // Another thread may have finished this key's load between our L1 miss and our registration.
      Object v = c.getQuietly(key);
      if (v != null) {
        return v;
      }
    }
    Object found = lower.find(key, options);
    if (found != null) {
      storeL1IfStillLoading(c, key, found, options.ttl(), options.refreshAfter(), mine);
      return found;
    }
    V loaded = loads.timed(() -> loader.apply(key));
    return storeLoaded(key, loaded, options, mine);
  }

  /**
   * Stores what a loader returned in the lower tiers and, unless the load was superseded, in L1; returns the
   * stored form ({@link L1Values#NOT_CACHED} for a null that is not cached).
   */
  private Object storeLoaded(K key, @Nullable V loaded, EntryOptions options, CompletableFuture<Object> mine) {
    if (loaded == null && !cacheNull(options)) {
      return L1Values.NOT_CACHED;
    }
    if (lower.count() > 0) {
      lower.writeLoaded(key, loaded, options);
    }
    Object stored = loaded == null ? L1Values.NULL : loaded;
    storeL1IfStillLoading(options.uses(Tier.L1) ? l1 : null, key, stored, options.ttl(), options.refreshAfter(),
        mine);
    return stored;
  }

  private boolean cacheNull(EntryOptions options) {
    Boolean o = options.cacheNull();
    return o != null ? o : config.cacheNulls();
  }

  private void storeL1IfStillLoading(@Nullable L1Store<K> c, K key, Object value, @Nullable Duration ttl,
      @Nullable Duration refreshAfter, CompletableFuture<Object> mine) {
    // A load that finishes after close() must not refill the L1 that close() emptied: get() relies on it.
    if (c != null && !closed.get()) {
      loads.ifStillLoading(key, mine, () -> c.put(key, value, ttl, refreshAfter));
    }
  }

  @SuppressWarnings("unchecked")
  private @Nullable V unwrap(Object v) {
    return v == L1Values.NULL || v == L1Values.NOT_CACHED ? null : (V) v;
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys,
      Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
    ensureOpen();
    return bulk.getAll(keys, bulkLoader);
  }

  // ---------------------------------------------------------------- writes and invalidation

  @Override
  public void put(K key, @Nullable V value) {
    putInternal(key, value, null);
  }

  @Override
  public void put(K key, V value, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    putInternal(key, Objects.requireNonNull(value, "value"), ttl);
  }

  private void putInternal(K key, @Nullable V value, @Nullable Duration ttl) {
    ensureOpen();
    writes.put(key, value, ttl);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    ensureOpen();
    writes.putAll(entries);
  }

  @Override
  public void invalidate(K key) {
    ensureOpen();
    writes.invalidate(key);
  }

  @Override
  public void invalidateAll(String glob) {
    ensureOpen();
    java.util.regex.Pattern local = Glob.compile(glob);
    lower.invalidateMatching(glob);
    relay.dropLocalMatching(local);
    relay.publish(InvalidationMessage.Kind.PATTERN, glob);
  }

  @Override
  public void invalidateAll() {
    ensureOpen();
    lower.invalidateAll();
    relay.dropAllLocal();
    relay.publish(InvalidationMessage.Kind.ALL, "");
  }

  // ---------------------------------------------------------------- async

  @Override
  public CompletableFuture<@Nullable V> getAsync(K key, Function<? super K, ? extends @Nullable V> loader) {
    ensureOpen();
    L1Store<K> c = l1;
    if (c != null) {
      Object v = c.getEntry(key);
      if (v instanceof L1Values.Expiring e) {
        int state = c.check(key, e);
        if (state == L1Store.REFRESH_DUE) {
          refresh(key, loader, readOptions);
        }
        v = state == L1Store.EXPIRED ? null : e.value();
      }
      if (v != null) {
        return CompletableFuture.completedFuture(unwrap(v));
      }
    }
    return CompletableFuture.supplyAsync(() -> loadAfterL1Miss(key, loader, readOptions), executor);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAllAsync(Collection<? extends K> keys,
      Function<? super Set<K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
    List<K> copy = List.copyOf(keys);
    return CompletableFuture.supplyAsync(() -> getAll(copy, bulkLoader), executor);
  }

  @Override
  public CompletableFuture<Void> putAsync(K key, @Nullable V value) {
    return CompletableFuture.runAsync(() -> put(key, value), executor);
  }

  @Override
  public CompletableFuture<Void> invalidateAsync(K key) {
    return CompletableFuture.runAsync(() -> invalidate(key), executor);
  }

  @Override
  public CompletableFuture<Void> invalidateAllAsync(String glob) {
    Glob.compile(glob); // a bad glob fails the caller, not the future
    return CompletableFuture.runAsync(() -> invalidateAll(glob), executor);
  }

  // ---------------------------------------------------------------- stats and lifecycle

  /**
   * Every operation after {@link #close()} fails instead of quietly running the loader and filling a
   * cache nobody will clear (issue 11 item 4).
   */
  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("cache '" + name + "' is closed");
    }
  }

  @Override
  public void flush() {
    ensureOpen();
    lower.flush();
  }

  @Override
  public CacheStats stats() {
    List<TierStats> tiers = new ArrayList<>(3);
    if (l1 != null) {
      tiers.add(l1.stats());
    }
    lower.addStats(tiers);
    return new CacheStats(name, tiers, loads.loads.sum(), loads.loadFailures.sum(),
        Duration.ofNanos(loads.loadNanos.sum()), lower.encodeFailures.sum(), relay.received.sum(),
        loads.refreshes.sum(), loads.refreshFailures.sum());
  }

  /** The L1 Caffeine cache, or null when L1 is off; for metrics binding. */
  public @Nullable Cache<K, Object> l1() {
    return l1 == null ? null : l1.cache();
  }

  /** Queued write-behind writes (0 under write-through). */
  public int pendingWrites() {
    return lower.pendingWrites();
  }

  @Override
  public MeterBinder metrics() {
    return new TieredCacheMeterBinder(name, l1(), tunable, lower.slots(), loads, lower.encodeFailures,
        relay.received);
  }

  @Override
  public Tunable tunable() {
    return tunable;
  }

  /** The L1 tunable with its limit, for tests and the module. */
  public L1SizeTunable l1Tunable() {
    return tunable;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    lower.close();
    if (l1 != null) {
      l1.invalidateAll();
    }
  }

  @Override
  public String toString() {
    return "TieredCache[" + name + ", tiers=" + (l1 != null ? "L1 " : "") + lower + "]";
  }
}
