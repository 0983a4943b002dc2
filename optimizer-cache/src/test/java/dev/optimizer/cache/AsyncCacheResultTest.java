package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.testing.FakeTicker;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @CacheResult} on methods returning {@code CompletableFuture} / {@code CompletionStage}. */
class AsyncCacheResultTest {
  @TempDir
  Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private final List<Optimizer> optimizers = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    optimizers.forEach(Optimizer::close);
  }

  private Optimizer optimizer(CacheModuleConfig config) {
    Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .ticker(ticker).module(new CacheModule(config)).build();
    optimizers.add(optimizer);
    return optimizer;
  }

  public record Price(String sku, int cents) implements Serializable {}

  public interface Invalidating {
    @CacheResult(cache = "prices", ttl = "10m")
    CompletableFuture<Price> price(String sku);

    @CacheInvalidate(cache = "prices")
    void drop(String sku);
  }

  public interface Labels {
    @CacheResult(cache = "labels")
    CompletionStage<String> label(String sku);
  }

  public interface PlainFuture {
    @CacheResult(cache = "prices")
    Future<String> price(String sku);
  }

  /** Answers each call with a future the test completes, so a "load in flight" is a real state. */
  public static class PendingPrices implements Invalidating {
    final AtomicInteger calls = new AtomicInteger();
    final List<CompletableFuture<Price>> pending = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Price> price(String sku) {
      calls.incrementAndGet();
      CompletableFuture<Price> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    @Override
    public void drop(String sku) {}
  }

  @Test
  void l1Hit_isAnAlreadyCompletedFuture_andTheMethodIsNotCalled() throws Exception {
    PendingPrices target = new PendingPrices();
    Invalidating prices = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, target);

    CompletableFuture<Price> first = prices.price("a");
    assertThat(first).as("the caller is not blocked while the method's future is pending").isNotDone();
    target.pending.get(0).complete(new Price("a", 100));
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(new Price("a", 100));

    CompletableFuture<Price> second = prices.price("a");
    assertThat(second).as("an L1 hit needs no thread").isDone();
    assertThat(second.join()).isEqualTo(new Price("a", 100));
    assertThat(target.calls).hasValue(1);
  }

  @Test
  void concurrentMisses_ofOneKey_shareOneCall() throws Exception {
    PendingPrices target = new PendingPrices();
    Invalidating prices = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, target);

    CompletableFuture<Price> a = prices.price("k");
    CompletableFuture<Price> b = prices.price("k");
    CompletableFuture<Price> other = prices.price("other");
    assertThat(target.calls).as("one call for 'k', one for 'other'").hasValue(2);

    target.pending.get(0).complete(new Price("k", 7));
    assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(new Price("k", 7));
    assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(new Price("k", 7));
    assertThat(other).isNotDone();
  }

  @Test
  void failedFuture_failsEveryWaiter_withTheMethodsException_andIsNotCached() {
    PendingPrices target = new PendingPrices();
    Invalidating prices = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, target);

    CompletableFuture<Price> a = prices.price("k");
    CompletableFuture<Price> b = prices.price("k");
    target.pending.get(0).completeExceptionally(new IOException("db down"));

    for (CompletableFuture<Price> f : List.of(a, b)) {
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IOException.class).hasMessage("db down");
      assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause().isInstanceOf(IOException.class);
    }
    CompletableFuture<Price> again = prices.price("k");
    assertThat(target.calls).as("a failure is not cached").hasValue(2);
    target.pending.get(1).complete(new Price("k", 8));
    assertThat(again.join()).isEqualTo(new Price("k", 8));
  }

  @Test
  void methodThatThrows_orReturnsNull_failsTheFuture_insteadOfThrowing() {
    AtomicInteger calls = new AtomicInteger();
    Invalidating throwing = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, new Invalidating() {
      @Override
      public CompletableFuture<Price> price(String sku) {
        if (calls.incrementAndGet() == 1) {
          throw new IllegalStateException("no price list");
        }
        return null;
      }

      @Override
      public void drop(String sku) {}
    });

    CompletableFuture<Price> thrown = throwing.price("x");
    assertThatThrownBy(thrown::join).cause().isInstanceOf(IllegalStateException.class).hasMessage("no price list");
    CompletableFuture<Price> nulled = throwing.price("x");
    assertThatThrownBy(nulled::join).cause().isInstanceOf(NullPointerException.class)
        .hasMessageContaining("price returned null instead of a CompletionStage");
    assertThat(calls).hasValue(2);
  }

  @Test
  void cancellingOneCallersFuture_leavesTheLoadAndTheOtherCallers() {
    PendingPrices target = new PendingPrices();
    Invalidating prices = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, target);

    CompletableFuture<Price> a = prices.price("k");
    CompletableFuture<Price> b = prices.price("k");
    a.cancel(true);
    target.pending.get(0).complete(new Price("k", 9));

    assertThat(b.join()).isEqualTo(new Price("k", 9));
    assertThat(prices.price("k")).as("cached despite one caller's cancel").isDone();
    assertThat(target.calls).hasValue(1);
  }

  @Test
  void invalidateDuringTheLoad_returnsTheLoadedValue_butDoesNotCacheIt() {
    PendingPrices target = new PendingPrices();
    Invalidating prices = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, target);

    CompletableFuture<Price> loading = prices.price("k");
    prices.drop("k");
    target.pending.get(0).complete(new Price("k", 1));
    assertThat(loading.join()).isEqualTo(new Price("k", 1));

    CompletableFuture<Price> next = prices.price("k");
    assertThat(next).as("the value loaded across an invalidation may be stale: not cached").isNotDone();
    assertThat(target.calls).hasValue(2);
  }

  @Test
  void missInL1_isServedFromTheDiskTier_withoutCallingTheMethod() {
    PendingPrices first = new PendingPrices();
    Optimizer o = optimizer(CacheModuleConfig.custom().l3Directory(dir).build());
    CompletableFuture<Price> stored = o.proxy(Invalidating.class, first).price("disk");
    // With a lower tier the method is called on the cache's executor, after L3 missed.
    await().atMost(Duration.ofSeconds(10)).until(() -> first.pending.size() == 1);
    first.pending.get(0).complete(new Price("disk", 42));
    assertThat(stored.join()).isEqualTo(new Price("disk", 42));
    o.close();
    optimizers.remove(o);

    PendingPrices second = new PendingPrices();
    Invalidating again = optimizer(CacheModuleConfig.custom().l3Directory(dir).build())
        .proxy(Invalidating.class, second);
    assertThat(again.price("disk").join()).as("read back from L3, a record type the allow-list admits")
        .isEqualTo(new Price("disk", 42));
    assertThat(second.calls).hasValue(0);
  }

  @Test
  void twoHundredThreads_onFiftyKeys_callTheMethodOncePerKey_withAndWithoutALowerTier() throws Exception {
    for (CacheModuleConfig config : List.of(CacheModuleConfig.ofDefaults(),
        CacheModuleConfig.custom().l3Directory(dir.resolve("contended")).build())) {
      Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
      Invalidating prices = optimizer(config).proxy(Invalidating.class, new Invalidating() {
        @Override
        public CompletableFuture<Price> price(String sku) {
          calls.computeIfAbsent(sku, k -> new AtomicInteger()).incrementAndGet();
          return CompletableFuture.supplyAsync(() -> new Price(sku, sku.length()),
              CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
        }

        @Override
        public void drop(String sku) {}
      });
      ExecutorService pool = Executors.newFixedThreadPool(200);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
          int first = t;
          callers.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < 100; i++) {
              String sku = "sku-" + ((first + i) % 50);
              assertThat(prices.price(sku).get(10, TimeUnit.SECONDS)).isEqualTo(new Price(sku, sku.length()));
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : callers) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(calls).as("20,000 calls over 50 keys").hasSize(50);
      assertThat(calls.values()).allSatisfy(n -> assertThat(n).as("calls of one key").hasValue(1));
    }
  }

  @Test
  void aLoadEndingWhileOthersMissL1_isNotRepeated_thousandsOfRacesOnFreshKeys() throws Exception {
    // Each round, 8 threads ask for one fresh key at once; the method answers at once, so the winner stores
    // the value and ends its load while the others are between their L1 miss and their registration.
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Invalidating prices = optimizer(CacheModuleConfig.ofDefaults()).proxy(Invalidating.class, new Invalidating() {
      @Override
      public CompletableFuture<Price> price(String sku) {
        calls.computeIfAbsent(sku, k -> new AtomicInteger()).incrementAndGet();
        return CompletableFuture.completedFuture(new Price(sku, 1));
      }

      @Override
      public void drop(String sku) {}
    });
    int threads = Integer.getInteger("race.threads", 64);
    int rounds = Integer.getInteger("race.rounds", 10_000);
    java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        callers.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            barrier.await(10, TimeUnit.SECONDS);
            assertThat(prices.price("fresh-" + r).get(10, TimeUnit.SECONDS)).isEqualTo(new Price("fresh-" + r, 1));
          }
          return null;
        }));
      }
      for (Future<?> f : callers) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(calls.values().stream().filter(n -> n.get() > 1).count()).as("keys loaded more than once")
        .isZero();
  }

  @Test
  void completionStageReturnType_isCachedToo() {
    AtomicInteger calls = new AtomicInteger();
    Labels labels = optimizer(CacheModuleConfig.ofDefaults()).proxy(Labels.class,
        sku -> CompletableFuture.completedFuture(sku + "#" + calls.incrementAndGet()));

    assertThat(labels.label("a").toCompletableFuture().join()).isEqualTo("a#1");
    assertThat(labels.label("a").toCompletableFuture().join()).isEqualTo("a#1");
    assertThat(calls).hasValue(1);
  }

  @Test
  void otherFutureTypes_areRejectedWhenTheProxyIsMade() {
    Optimizer o = optimizer(CacheModuleConfig.ofDefaults());
    assertThatThrownBy(() -> o.proxy(PlainFuture.class, sku -> CompletableFuture.completedFuture(sku)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PlainFuture.price")
        .hasMessageContaining("CompletableFuture or CompletionStage, not Future");
  }
}
