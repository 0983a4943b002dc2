package dev.optimizer.cache.internal;

import dev.optimizer.cache.EntryOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Read-through for loaders that return a {@code CompletionStage} ({@code @CacheResult} on a method returning
 * {@code CompletableFuture}): after an L1 miss, nothing blocks the caller. A caller that finds a value in L1
 * never gets here, so it costs no thread hand-off either.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class AsyncLoads<K, V> {
  /** Stores a loaded value in L1 (if the options use it) unless the load was superseded or the cache closed. */
  interface L1Refill<K> {
    void store(EntryOptions options, K key, Object value, CompletableFuture<Object> mine);
  }

  /** The L1 value of a key (if the options use L1) without counting a hit or miss, or null. */
  interface L1Peek<K> {
    @Nullable Object peek(EntryOptions options, K key);
  }

  /** Stores what a loader returned in every tier the options use; returns the stored form. */
  interface LoadedStore<K, V> {
    Object store(K key, @Nullable V loaded, EntryOptions options, CompletableFuture<Object> mine);
  }

  private final String cacheName;
  private final LoadCoordinator<K> loads;
  private final LowerTiers<K, V> lower;
  private final Executor executor;
  private final L1Peek<K> l1;
  private final LoadedStore<K, V> storeLoaded;
  private final L1Refill<K> refill;
  private final LowerTierReads<K, V> reads;

  AsyncLoads(String cacheName, LoadCoordinator<K> loads, LowerTiers<K, V> lower, Executor executor, L1Peek<K> l1,
      LoadedStore<K, V> storeLoaded, L1Refill<K> refill) {
    this.l1 = l1;
    this.cacheName = cacheName;
    this.loads = loads;
    this.lower = lower;
    this.executor = executor;
    this.storeLoaded = storeLoaded;
    this.refill = refill;
    this.reads = new LowerTierReads<>(lower, executor);
  }

  /**
   * One load per key, shared with synchronous callers of the same key. The lower tiers are read on the
   * cache's executor (they block on I/O), concurrent misses merged into bulk reads ({@link
   * LowerTierReads}); the loader is called only when they miss (on the caller's thread when there are no
   * lower tiers, else on the executor), and its stage's value is stored once it completes. The future holds the stored form (a value, {@link L1Values#NULL} or {@link
   * L1Values#NOT_CACHED}); a loader that throws or whose stage fails fails it and caches nothing.
   */
  CompletableFuture<Object> load(K key, Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader,
      EntryOptions options) {
    return loads.loadOnceAsync(key, mine -> {
      // Another caller's load may have stored the value and ended between our L1 miss and our registration.
      Object stored = l1.peek(options, key);
      if (stored != null) {
        return CompletableFuture.completedFuture(stored);
      }
      if (lower.count() == 0) {
        return callLoader(key, loader, options, mine);
      }
      return reads.find(key, options).thenCompose(found -> {
        if (found.isPresent()) {
          refill.store(options, key, found.get(), mine);
          return CompletableFuture.completedFuture(found.get());
        }
        return callLoader(key, loader, options, mine);
      });
    });
  }

  private CompletionStage<Object> callLoader(K key,
      Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader, EntryOptions options,
      CompletableFuture<Object> mine) {
    long start = System.nanoTime();
    CompletionStage<? extends @Nullable V> stage;
    try {
      stage = loader.apply(key);
    } catch (RuntimeException | Error e) {
      loads.recordAsync(start, true);
      throw e;
    }
    if (stage == null) {
      loads.recordAsync(start, true);
      throw new NullPointerException("the loader of key '" + key + "' in cache '" + cacheName
          + "' returned null instead of a CompletionStage");
    }
    CompletionStage<@Nullable V> counted = stage.<@Nullable V>thenApply(v -> v)
        .whenComplete((v, e) -> loads.recordAsync(start, e != null));
    // Lower-tier writes block on I/O, so they run on the executor rather than on whichever thread completed
    // the loader's stage (a coalescer's flush thread, an HTTP client's selector).
    Function<@Nullable V, Object> store = loaded -> storeLoaded.store(key, loaded, options, mine);
    return lower.count() > 0 ? counted.thenApplyAsync(store, executor) : counted.thenApply(store);
  }
}
