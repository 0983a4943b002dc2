package dev.optimizer.cache.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One load per key at a time: the loads in flight, the waiters on another thread's load, the recursion
 * check, and the loader counters. A put or invalidate of a key {@linkplain #forget forgets} its load, so
 * that the load's result is returned to its callers but not cached.
 *
 * @param <K> key type
 */
final class LoadCoordinator<K> {
  private final ConcurrentHashMap<K, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  final LongAdder loadNanos = new LongAdder();
  final LongAdder refreshes = new LongAdder();
  final LongAdder refreshFailures = new LongAdder();

  /** A load in flight, with the thread running it, so that a loader asking for its own key fails fast. */
  private static final class Load extends CompletableFuture<Object> {
    private final Thread owner = Thread.currentThread();
  }

  /** Waiting on a load this thread runs itself would never end: Caffeine throws here too. */
  private static void rejectRecursion(Object key, CompletableFuture<Object> running) {
    if (running instanceof Load l && l.owner == Thread.currentThread()) {
      throw new IllegalStateException("recursive load: the loader of key '" + key
          + "' asked the cache for that same key on the same thread, which would wait forever");
    }
  }

  /**
   * Runs {@code work} as the one load of {@code key}, or waits for the load another thread runs. The work
   * receives its registration, for {@link #ifStillLoading}.
   */
  Object loadOnce(K key, Function<CompletableFuture<Object>, Object> work) {
    CompletableFuture<Object> mine = new Load();
    CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      rejectRecursion(key, running);
      return await(running);
    }
    try {
      Object result = work.apply(mine);
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /**
   * Starts {@code work} as the one load of {@code key} unless a load of it (synchronous or asynchronous) is
   * already running, and returns a future of the load's result that the caller may complete or cancel
   * without disturbing the other callers. The registration ends when the work's stage completes; a failure
   * to start the work fails the returned future rather than throwing.
   */
  CompletableFuture<Object> loadOnceAsync(K key, Function<CompletableFuture<Object>, CompletionStage<Object>> work) {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.copy();
    }
    CompletionStage<Object> stage;
    try {
      stage = work.apply(mine);
    } catch (RuntimeException | Error e) {
      inFlight.remove(key, mine);
      mine.completeExceptionally(e);
      return mine.copy();
    }
    stage.whenComplete((v, e) -> {
      inFlight.remove(key, mine);
      if (e != null) {
        mine.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      } else {
        mine.complete(v);
      }
    });
    return mine.copy();
  }

  /** Counts an asynchronous loader's outcome and its time from {@code startNanos}. */
  void recordAsync(long startNanos, boolean failed) {
    (failed ? loadFailures : loads).increment();
    loadNanos.add(System.nanoTime() - startNanos);
  }

  /** What a bulk load produced: each claimed key's result, and what to do once its waiters have it. */
  record BulkResult<K>(Map<K, Object> results, Runnable then) {}

  /**
   * Loads the keys not already loading with one call of {@code work} (given this thread's registration of
   * each), hands each result to {@code results}, and waits for the keys other threads are loading.
   */
  void loadAll(Collection<K> keys, Function<Map<K, CompletableFuture<Object>>, BulkResult<K>> work,
      java.util.function.BiConsumer<K, Object> results) {
    Claim<K> claim = claimAll(keys);
    Map<K, CompletableFuture<Object>> owned = claim.owned();
    try {
      if (!owned.isEmpty()) {
        BulkResult<K> done;
        try {
          done = work.apply(owned);
        } catch (RuntimeException | Error e) {
          owned.values().forEach(f -> f.completeExceptionally(e));
          throw e;
        }
        for (Map.Entry<K, CompletableFuture<Object>> e : owned.entrySet()) {
          Object stored = done.results().get(e.getKey());
          e.getValue().complete(stored);
          results.accept(e.getKey(), stored);
        }
        done.then().run();
      }
    } finally {
      owned.forEach(inFlight::remove);
    }
    claim.waiting().forEach((k, f) -> results.accept(k, await(f)));
  }

  /** The keys of one bulk load: those this thread loads and those another thread is loading. */
  private record Claim<K>(Map<K, CompletableFuture<Object>> owned, Map<K, CompletableFuture<Object>> waiting) {}

  /** Registers this thread's load of each key not already loading; rejects a recursive wait. */
  private Claim<K> claimAll(Collection<K> keys) {
    Map<K, CompletableFuture<Object>> owned = new LinkedHashMap<>();
    Map<K, CompletableFuture<Object>> waiting = new LinkedHashMap<>();
    for (K k : keys) {
      CompletableFuture<Object> mine = new Load();
      CompletableFuture<Object> running = inFlight.putIfAbsent(k, mine);
      if (running == null) {
        owned.put(k, mine);
      } else {
        waiting.put(k, running);
      }
    }
    for (Map.Entry<K, CompletableFuture<Object>> w : waiting.entrySet()) {
      try {
        rejectRecursion(w.getKey(), w.getValue());
      } catch (IllegalStateException e) {
        owned.forEach((k, f) -> {
          inFlight.remove(k, f);
          f.completeExceptionally(e);
        });
        throw e;
      }
    }
    return new Claim<>(owned, waiting);
  }

  /** Runs {@code action} only if {@code mine} is still the registered load of {@code key}. */
  void ifStillLoading(K key, CompletableFuture<Object> mine, Runnable action) {
    // A put or invalidate of this key during the load removed our registration: its value wins, ours is
    // returned to this load's callers but not cached.
    inFlight.computeIfPresent(key, (k, f) -> {
      if (f == mine) {
        action.run();
      }
      return f;
    });
  }

  /** Calls a loader, counting it (success or failure) and its time. */
  <T> T timed(Supplier<T> loader) {
    long start = System.nanoTime();
    T loaded;
    try {
      loaded = loader.get();
    } catch (RuntimeException | Error e) {
      loadFailures.increment();
      loadNanos.add(System.nanoTime() - start);
      throw e;
    }
    loads.increment();
    loadNanos.add(System.nanoTime() - start);
    return loaded;
  }

  void forget(K key) {
    inFlight.remove(key);
  }

  void forgetIf(Predicate<? super K> doomed) {
    inFlight.keySet().removeIf(doomed);
  }

  void forgetAll() {
    inFlight.clear();
  }

  private static Object await(CompletableFuture<Object> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException("interrupted while waiting for another thread's load", e);
    }
  }
}
