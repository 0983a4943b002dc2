package dev.optimizer.cache.internal;

import dev.optimizer.cache.EntryOptions;
import dev.optimizer.cache.spi.ByteTier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lower-tier reads of asynchronous misses, merged: the misses that arrive while a read is running go
 * out together as one bulk read per tier (Redis {@code MGET}) when it returns. A page that misses a hundred
 * keys at once costs a few round trips instead of a hundred, its keys reach the loader together (where a
 * coalescing loader makes one query of them), and a lone miss is read at once, with no delay. One read runs
 * at a time, on the cache's executor.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class LowerTierReads<K, V> {
  private record Pending<K>(K key, EntryOptions options, CompletableFuture<Optional<Object>> found) {}

  private final LowerTiers<K, V> lower;
  private final Executor executor;
  private final ConcurrentLinkedQueue<Pending<K>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean reading = new AtomicBoolean();

  LowerTierReads(LowerTiers<K, V> lower, Executor executor) {
    this.lower = lower;
    this.executor = executor;
  }

  /**
   * The value of {@code key} in the lower tiers the options allow (promoted to the faster ones), empty on a
   * miss. Completes on the executor; fails only if the executor refuses the read.
   */
  CompletableFuture<Optional<Object>> find(K key, EntryOptions options) {
    Pending<K> p = new Pending<>(key, options, new CompletableFuture<>());
    queue.add(p);
    startReading();
    return p.found();
  }

  private void startReading() {
    if (!queue.isEmpty() && reading.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        reading.set(false);
        Pending<K> p;
        while ((p = queue.poll()) != null) {
          p.found().completeExceptionally(e);
        }
      }
    }
  }

  private void drain() {
    try {
      List<Pending<K>> batch = new ArrayList<>();
      Pending<K> p;
      while ((p = queue.poll()) != null) {
        batch.add(p);
      }
      if (!batch.isEmpty()) {
        read(batch);
      }
    } finally {
      reading.set(false);
      startReading(); // misses that came during this read form the next one
    }
  }

  private void read(List<Pending<K>> batch) {
    if (batch.size() == 1) {
      Pending<K> only = batch.get(0);
      try (ByteTier.Scope scope = lower.openScopes()) {
        only.found().complete(Optional.ofNullable(lower.find(only.key(), only.options())));
      } catch (RuntimeException | Error e) {
        only.found().completeExceptionally(e);
      }
      return;
    }
    // One bulk read per distinct options (one @CacheResult method's calls share one instance).
    Map<EntryOptions, List<Pending<K>>> byOptions = new IdentityHashMap<>();
    for (Pending<K> p : batch) {
      byOptions.computeIfAbsent(p.options(), o -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<EntryOptions, List<Pending<K>>> group : byOptions.entrySet()) {
      Set<K> keys = new LinkedHashSet<>();
      group.getValue().forEach(p -> keys.add(p.key()));
      Map<K, Object> found = new HashMap<>();
      try (ByteTier.Scope scope = lower.openScopes()) {
        lower.readAllAndPromote(keys, group.getKey(), found::put);
      } catch (RuntimeException | Error e) {
        group.getValue().forEach(p -> p.found().completeExceptionally(e));
        continue;
      }
      group.getValue().forEach(p -> p.found().complete(Optional.ofNullable(found.get(p.key()))));
    }
  }
}
