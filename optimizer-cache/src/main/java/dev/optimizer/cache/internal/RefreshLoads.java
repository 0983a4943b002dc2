package dev.optimizer.cache.internal;

import dev.optimizer.cache.EntryOptions;
import dev.optimizer.cache.spi.ByteTier;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh-ahead: background reloads of keys whose L1 entry is past its refresh time. A reload registers
 * with the {@link LoadCoordinator} like a load (so it is the key's one load, readers that miss meanwhile
 * join it, and a put or invalidate during it keeps its value out of L1) but nobody waits for it: readers keep
 * the cached value until it is replaced.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class RefreshLoads<K, V> {
  private static final Logger log = LoggerFactory.getLogger(RefreshLoads.class);

  private final String cacheName;
  private final LoadCoordinator<K> loads;
  private final LowerTiers<K, V> lower;
  private final @Nullable L1Store<K> l1;
  private final Executor executor;
  private final AsyncLoads.LoadedStore<K, V> storeLoaded;
  private final BooleanSupplier closed;

  RefreshLoads(String cacheName, LoadCoordinator<K> loads, LowerTiers<K, V> lower, @Nullable L1Store<K> l1,
      Executor executor, AsyncLoads.LoadedStore<K, V> storeLoaded, BooleanSupplier closed) {
    this.cacheName = cacheName;
    this.loads = loads;
    this.lower = lower;
    this.l1 = l1;
    this.executor = executor;
    this.storeLoaded = storeLoaded;
    this.closed = closed;
  }

  /** See {@link DefaultTieredCache#refresh}. */
  void refresh(K key, Function<? super K, ? extends @Nullable V> loader, EntryOptions options) {
    start(key, mine -> CompletableFuture.supplyAsync(() -> {
      try (ByteTier.Scope scope = lower.openScopes()) {
        return store(key, loads.timed(() -> loader.apply(key)), options, mine);
      }
    }, executor));
  }

  /** See {@link DefaultTieredCache#refreshAsync}. */
  void refreshAsync(K key, Function<? super K, ? extends CompletionStage<? extends @Nullable V>> loader,
      EntryOptions options) {
    start(key, mine -> {
      long[] start = new long[1];
      return CompletableFuture.supplyAsync(() -> {
        start[0] = System.nanoTime();
        return Objects.requireNonNull(loader.apply(key), () -> "the loader of key '" + key + "' in cache '"
            + cacheName + "' returned null instead of a CompletionStage");
      }, executor).<@Nullable V>thenCompose(stage -> stage.<@Nullable V>thenApply(v -> v))
          .whenComplete((v, e) -> loads.recordAsync(start[0], e != null))
          .thenApplyAsync(loaded -> {
            try (ByteTier.Scope scope = lower.openScopes()) {
              return store(key, loaded, options, mine);
            }
          }, executor);
    });
  }

  private void start(K key, Function<CompletableFuture<Object>, CompletableFuture<Object>> work) {
    if (closed.getAsBoolean()) {
      return;
    }
    loads.loadOnceAsync(key, mine -> {
      CompletableFuture<Object> reload;
      try {
        reload = work.apply(mine);
      } catch (RejectedExecutionException e) {
        reload = CompletableFuture.failedFuture(e);
      }
      return reload.whenComplete((v, e) -> {
        if (e == null) {
          loads.refreshes.increment();
        } else {
          loads.refreshFailures.increment();
          log.debug("refresh of key '{}' in cache '{}' failed; the cached value stays until its TTL", key,
              cacheName, e);
        }
      });
    });
  }

  private Object store(K key, @Nullable V loaded, EntryOptions options, CompletableFuture<Object> mine) {
    Object stored = storeLoaded.store(key, loaded, options, mine);
    if (stored == L1Values.NOT_CACHED) {
      // The value is gone and a null is not cached: the old value must not outlive the reload.
      L1Store<K> c = l1;
      if (c != null) {
        loads.ifStillLoading(key, mine, () -> c.invalidate(key));
      }
      if (lower.count() > 0) {
        lower.invalidate(key);
      }
    }
    return stored;
  }
}
