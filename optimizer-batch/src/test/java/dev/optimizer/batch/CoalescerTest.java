package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {
  private static final long WAIT = 30;
  private final List<Coalescer<?, ?>> coalescers = new ArrayList<>();

  private <K, V> Coalescer<K, V> track(Coalescer<K, V> c) {
    coalescers.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    coalescers.forEach(Coalescer::close);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released within " + WAIT + " s");
      }
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs {@code callers} threads that each call {@code call(i)} at the same moment. */
  private static <T> List<CompletableFuture<T>> concurrently(int callers, java.util.function.IntFunction<T> call)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<T>> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int n = i;
      CompletableFuture<T> f = new CompletableFuture<>();
      results.add(f);
      Thread t = new Thread(() -> {
        ready.countDown();
        awaitLatch(go);
        try {
          f.complete(call.apply(n));
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      });
      threads.add(t);
      t.start();
    }
    awaitLatch(ready);
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(WAIT));
    }
    return results;
  }

  @Test
  void load_1000ConcurrentCallers_fewBulkCallsAndEveryCallerGetsItsOwnValue() throws Exception {
    List<Set<Integer>> calls = new CopyOnWriteArrayList<>();
    Coalescer<Integer, String> c = track(Coalescer.<Integer, String>builder(keys -> {
      calls.add(Set.copyOf(keys));
      Map<Integer, String> out = new HashMap<>();
      keys.forEach(k -> out.put(k, "v" + k));
      return out;
    }).maxBatchSize(100).maxDelay(Duration.ofMillis(5)).build());
    List<CompletableFuture<String>> results = concurrently(1000, i -> c.load(i).join());
    for (int i = 0; i < 1000; i++) {
      assertThat(results.get(i).join()).isEqualTo("v" + i);
    }
    assertThat(calls.stream().mapToInt(Set::size).sum()).isEqualTo(1000);
    assertThat(calls).allSatisfy(k -> assertThat(k.size()).isBetween(1, 100));
    // 1000 keys in batches of at most 100: at least 10 calls; far fewer than one per caller.
    assertThat(calls.size()).isBetween(10, 500);
    CoalescerStats s = c.stats();
    assertThat(s.requests()).isEqualTo(1000);
    assertThat(s.bulkCalls()).isEqualTo(calls.size());
  }

  @Test
  void load_bulkCallFailsForSomeBatches_failsExactlyTheirCallers() throws Exception {
    List<Set<Integer>> failedCalls = new CopyOnWriteArrayList<>();
    Coalescer<Integer, String> c = track(Coalescer.<Integer, String>builder(keys -> {
      if (keys.stream().anyMatch(k -> k % 97 == 0)) {
        failedCalls.add(Set.copyOf(keys));
        throw new IOException("backend rejected " + keys.size() + " keys");
      }
      Map<Integer, String> out = new HashMap<>();
      keys.forEach(k -> out.put(k, "v" + k));
      return out;
    }).maxBatchSize(50).maxDelay(Duration.ofMillis(2)).build());
    List<CompletableFuture<String>> results = concurrently(1000, i -> c.load(i).join());
    Set<Integer> mustFail = new HashSet<>();
    failedCalls.forEach(mustFail::addAll);
    assertThat(mustFail).contains(0, 97, 194);
    for (int i = 0; i < 1000; i++) {
      CompletableFuture<String> f = results.get(i);
      if (mustFail.contains(i)) {
        int key = i;
        int size = failedCalls.stream().filter(k -> k.contains(key)).findFirst().orElseThrow().size();
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasRootCauseInstanceOf(IOException.class)
            .hasRootCauseMessage("backend rejected " + size + " keys");
      } else {
        assertThat(f.join()).isEqualTo("v" + i);
      }
    }
    assertThat(c.stats().failedBulkCalls()).isEqualTo(failedCalls.size());
  }

  @Test
  void load_duplicateKeysWhileWaiting_loadedOnceForAllCallers() {
    List<Set<String>> calls = new CopyOnWriteArrayList<>();
    Coalescer<String, Integer> c = track(Coalescer.<String, Integer>builder(keys -> {
      calls.add(Set.copyOf(keys));
      Map<String, Integer> out = new HashMap<>();
      keys.forEach(k -> out.put(k, k.length()));
      return out;
    }).maxBatchSize(3).maxDelay(Duration.ofHours(1)).build());
    CompletableFuture<Integer> a1 = c.load("a");
    CompletableFuture<Integer> a2 = c.load("a");
    CompletableFuture<Integer> bb = c.load("bb");
    CompletableFuture<Integer> ccc = c.load("ccc");
    assertThat(a1.join()).isEqualTo(1);
    assertThat(a2.join()).isEqualTo(1);
    assertThat(bb.join()).isEqualTo(2);
    assertThat(ccc.join()).isEqualTo(3);
    assertThat(calls).containsExactly(Set.of("a", "bb", "ccc"));
    assertThat(c.stats().duplicates()).isEqualTo(1);
  }

  @Test
  void load_batchFull_flushesWithoutWaitingForDelay() {
    CountDownLatch called = new CountDownLatch(1);
    Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> {
      called.countDown();
      Map<Integer, Integer> out = new HashMap<>();
      keys.forEach(k -> out.put(k, k));
      return out;
    }).maxBatchSize(2).maxDelay(Duration.ofHours(1)).build());
    CompletableFuture<Integer> one = c.load(1);
    assertThat(one).isNotDone();
    c.load(2);
    awaitLatch(called);
    assertThat(one.join()).isEqualTo(1);
  }

  @Test
  void load_batchNotFull_flushesAfterMaxDelay() {
    Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> Map.of(1, 10))
        .maxBatchSize(1000).maxDelay(Duration.ofMillis(1)).build());
    assertThat(c.load(1)).succeedsWithin(Duration.ofSeconds(WAIT)).isEqualTo(10);
  }

  @Test
  void load_whileBulkCallInFlight_keysFormTheNextCall() {
    CountDownLatch firstCall = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<Set<Integer>> calls = new CopyOnWriteArrayList<>();
    Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> {
      calls.add(Set.copyOf(keys));
      if (calls.size() == 1) {
        firstCall.countDown();
        awaitLatch(releaseFirst);
      }
      Map<Integer, Integer> out = new HashMap<>();
      keys.forEach(k -> out.put(k, k));
      return out;
    }).maxBatchSize(100).maxDelay(Duration.ZERO).build());
    CompletableFuture<Integer> first = c.load(0);
    awaitLatch(firstCall);
    List<CompletableFuture<Integer>> queued = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      queued.add(c.load(i));
    }
    assertThat(c.stats().pending()).isEqualTo(10);
    releaseFirst.countDown();
    assertThat(first.join()).isZero();
    for (int i = 0; i < 10; i++) {
      assertThat(queued.get(i).join()).isEqualTo(i + 1);
    }
    assertThat(calls).containsExactly(Set.of(0), Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  }

  @Test
  void load_keyMissingWithEmptyPolicy_completesWithNull() {
    Coalescer<Integer, String> c = track(Coalescer.<Integer, String>builder(keys -> Map.of(1, "one"))
        .maxBatchSize(2).build());
    CompletableFuture<String> one = c.load(1);
    CompletableFuture<String> two = c.load(2);
    assertThat(one.join()).isEqualTo("one");
    assertThat(two.join()).isNull();
    assertThat(c.stats().missingKeys()).isEqualTo(1);
  }

  @Test
  void load_keyMissingWithFailPolicy_failsWithMissingKeyException() {
    Coalescer<Integer, String> c = track(Coalescer.<Integer, String>builder(keys -> Map.of(1, "one"))
        .maxBatchSize(2).missingKeys(MissingKeyPolicy.FAIL).build());
    CompletableFuture<String> one = c.load(1);
    CompletableFuture<String> two = c.load(2);
    assertThat(one.join()).isEqualTo("one");
    assertThatThrownBy(two::join).hasCauseInstanceOf(MissingKeyException.class).hasMessageContaining("key 2");
  }

  @Test
  void close_withWaitingKeys_flushesThemAndStopsThreads() {
    Coalescer<Integer, Integer> c = Coalescer.<Integer, Integer>builder(keys -> Map.of(7, 70)).name("closing")
        .maxBatchSize(100).maxDelay(Duration.ofHours(1)).build();
    CompletableFuture<Integer> f = c.load(7);
    c.close();
    assertThat(f.join()).isEqualTo(70);
    assertThatThrownBy(() -> c.load(8)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    await().atMost(Duration.ofSeconds(WAIT)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.isAlive() && t.getName().startsWith("optimizer-batch-closing-")));
  }

  @Test
  void metrics_afterBulkCalls_recordCoalescedSizes() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> Map.of()).name("metered")
        .maxBatchSize(2).build());
    c.metrics().bindTo(registry);
    c.load(1);
    c.load(2).join();
    assertThat(registry.get("optimizer.batch.coalesced.size").tag("coalescer", "metered").summary().count())
        .isEqualTo(1);
    assertThat(registry.get("optimizer.batch.coalesced.size").summary().totalAmount()).isEqualTo(2);
    assertThat(registry.get("optimizer.batch.coalesced.requests").functionCounter().count()).isEqualTo(2);
  }

  @Test
  void builder_invalidArguments_rejectedWithTheirName() {
    Coalescer.Builder<Integer, Integer> b = Coalescer.builder(keys -> Map.of());
    assertThatThrownBy(() -> b.maxBatchSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> b.maxDelay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> b.maxConcurrentCalls(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentCalls");
    assertThatThrownBy(() -> b.name("a b")).isInstanceOf(IllegalArgumentException.class);
  }

  // Issue 12, one metrics pattern.
  @Test
  void stats_afterLoads_reportsRequestsDuplicatesAndCalls() {
    Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> Map.of(1, 10, 2, 20))
        .name("counted").maxBatchSize(2).build());
    CompletableFuture<Integer> a = c.load(1);
    CompletableFuture<Integer> dup = c.load(1);
    CompletableFuture<Integer> b = c.load(2);
    assertThat(List.of(a.join(), dup.join(), b.join())).containsExactly(10, 10, 20);

    CoalescerStats s = c.stats();
    assertThat(s.requests()).isEqualTo(3);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.bulkCalls()).isEqualTo(1);
    assertThat(s.failedBulkCalls()).isZero();
    assertThat(s.keysLoaded()).isEqualTo(2);
    assertThat(s.meanBatchSize()).isEqualTo(2.0);
  }

  @Test
  void build_withRegistryAround_registersNothingUntilBound() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try {
      Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> Map.of()).name("unbound")
          .maxBatchSize(1).build());
      c.load(1).join();
      assertThat(registry.getMeters()).isEmpty();

      c.metrics().bindTo(registry);
      assertThat(registry.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedMetersIncludingCountsBeforeBinding() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Coalescer<Integer, Integer> c = track(Coalescer.<Integer, Integer>builder(keys -> Map.of()).name("late")
        .maxBatchSize(1).build());
    c.load(1).join();
    c.metrics().bindTo(registry);
    c.load(2).join();

    assertThat(registry.getMeters()).allSatisfy(m -> {
      assertThat(m.getId().getName()).startsWith("optimizer.batch.coalesced.");
      assertThat(m.getId().getTag("coalescer")).isEqualTo("late");
    });
    assertThat(registry.get("optimizer.batch.coalesced.requests").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("optimizer.batch.coalesced.calls").tag("outcome", "success").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("optimizer.batch.coalesced.calls").tag("outcome", "failure").functionCounter().count())
        .isZero();
    assertThat(registry.get("optimizer.batch.coalesced.duplicates").functionCounter().count()).isZero();
    // a distribution cannot be rebuilt from counts: it holds only the call made after binding
    assertThat(registry.get("optimizer.batch.coalesced.size").summary().count()).isEqualTo(1);
    assertThat(registry.get("optimizer.batch.coalesced.latency").timer().count()).isEqualTo(1);
  }
}
