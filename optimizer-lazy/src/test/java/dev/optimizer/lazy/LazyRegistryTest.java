package dev.optimizer.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.testing.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LazyRegistryTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final FakeTicker ticker = new FakeTicker();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private LazyRegistry registry(LazyConfig.Builder config) {
    LazyRegistry r = LazyRegistry.create(config.ticker(ticker).build());
    toClose.add(r);
    return r;
  }

  @Test
  void get_cachedAfterTtl_servesStaleWhileExactlyOneRefreshRuns() throws Exception {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch refreshStarted = new CountDownLatch(1);
    CountDownLatch releaseRefresh = new CountDownLatch(1);
    LazyLoader<String> rates = registry.<String>loader("rates", () -> {
      int n = loads.incrementAndGet();
      if (n == 2) {
        refreshStarted.countDown();
        LazyTest.await(releaseRefresh);
      }
      return "v" + n;
    }).strategy(LoadStrategy.CACHED).ttl(Duration.ofMinutes(1)).register();

    assertThat(rates.get()).isEqualTo("v1");
    ticker.advance(Duration.ofMinutes(1));

    assertThat(rates.get()).isEqualTo("v1"); // stale, and starts the refresh
    assertThat(refreshStarted.await(30, TimeUnit.SECONDS)).isTrue();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> during = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        during.add(pool.submit(rates::get));
      }
      for (Future<String> f : during) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("v1");
      }
      assertThat(rates.getAsync().get(30, TimeUnit.SECONDS)).isEqualTo("v1");
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).as("one refresh only").hasValue(2);

    releaseRefresh.countDown();
    await().atMost(PATIENCE).until(rates::isLoaded);
    assertThat(rates.get()).isEqualTo("v2");
    assertThat(loads).hasValue(2);
    LoaderStats stats = rates.stats();
    assertThat(stats.loads()).isEqualTo(2);
    assertThat(stats.staleServes()).isEqualTo(202);
  }

  @Test
  void get_cachedRefreshFails_keepsServingStaleAndNextGetRefreshesAgain() {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger calls = new AtomicInteger();
    LazyLoader<String> value = registry.<String>loader("flaky", () -> {
      int n = calls.incrementAndGet();
      if (n == 2) {
        throw new IOException("refresh failed");
      }
      return "v" + n;
    }).strategy(LoadStrategy.CACHED).ttl(Duration.ofSeconds(5)).register();

    assertThat(value.get()).isEqualTo("v1");
    ticker.advance(Duration.ofSeconds(5));
    assertThat(value.get()).isEqualTo("v1");
    await().atMost(PATIENCE).until(() -> value.stats().failures() == 1);
    // Every get() serves the stale value; one of them, once the failed refresh has let go, starts #2.
    await().atMost(PATIENCE).until(() -> {
      assertThat(value.get()).isIn("v1", "v3");
      return value.isLoaded();
    });
    assertThat(value.get()).isEqualTo("v3");
    assertThat(calls).hasValue(3);
  }

  @Test
  void get_cachedAtExactlyTtl_isStaleAndRefreshes_oneNanoBeforeIsFresh() {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    LazyLoader<Integer> value = registry.<Integer>loader("n", loads::incrementAndGet)
        .strategy(LoadStrategy.CACHED).ttl(Duration.ofNanos(500)).register();
    assertThat(value.get()).isEqualTo(1);

    ticker.advanceNanos(499);
    assertThat(value.get()).isEqualTo(1);
    assertThat(value.stats().staleServes()).isZero();
    ticker.advanceNanos(1);
    assertThat(value.isLoaded()).isFalse();
    assertThat(value.get()).isEqualTo(1);
    assertThat(value.stats().staleServes()).isEqualTo(1);
    await().atMost(PATIENCE).until(value::isLoaded);
    assertThat(value.get()).isEqualTo(2);
  }

  @Test
  void get_onDemandAfterTtl_reloadsOnCallerThread() {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    LazyLoader<Integer> value = registry.<Integer>loader("n", loads::incrementAndGet)
        .strategy(LoadStrategy.ON_DEMAND).ttl(Duration.ofSeconds(10)).register();

    assertThat(value.isLoaded()).isFalse();
    assertThat(value.get()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(value.get()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(value.get()).isEqualTo(2);
    assertThat(value.stats().staleServes()).isZero();
  }

  @Test
  void get_lazy_loadsOnceAndKeepsUntilInvalidated() {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    LazyLoader<Integer> value = registry.<Integer>loader("n", loads::incrementAndGet).register();

    assertThat(value.strategy()).isEqualTo(LoadStrategy.LAZY);
    assertThat(value.get()).isEqualTo(1);
    ticker.advance(Duration.ofDays(1000));
    assertThat(value.get()).isEqualTo(1);
    value.invalidate();
    assertThat(value.get()).isEqualTo(2);
  }

  @Test
  void get_loaderThrowsChecked_wrapsInLazyLoadExceptionAndRetries() {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger calls = new AtomicInteger();
    LazyLoader<String> value = registry.<String>loader("file", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("no such file");
      }
      return "content";
    }).register();

    assertThatThrownBy(value::get).isInstanceOf(LazyLoadException.class)
        .hasCauseInstanceOf(IOException.class).hasMessageContaining("file");
    assertThat(value.get()).isEqualTo("content");
    assertThat(value.stats().failures()).isEqualTo(1);
    assertThat(value.stats().loads()).isEqualTo(1);
  }

  @Test
  void preloadAll_oneWorker_loadsByPriorityCriticalFirst() {
    LazyRegistry registry = registry(LazyConfig.custom().preloadConcurrency(1).preloadOnRegistration(false));
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    for (Priority p : new Priority[] {Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL}) {
      for (int i = 1; i <= 2; i++) {
        String key = p + "-" + i;
        registry.loader(key, () -> {
          order.add(key);
          return key;
        }).strategy(LoadStrategy.PRELOAD).priority(p).register();
      }
    }

    registry.preloadAll().orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(order).containsExactly("CRITICAL-1", "CRITICAL-2", "HIGH-1", "HIGH-2", "NORMAL-1",
        "NORMAL-2", "LOW-1", "LOW-2");
    assertThat(registry.stats().loads()).isEqualTo(8);
  }

  @Test
  void register_preloadWhilePaused_queuedThenRunByPriorityOnResume() {
    LazyRegistry registry = registry(LazyConfig.custom().preloadConcurrency(1));
    registry.tunable().adjust(dev.optimizer.core.Pressure.of(0.99, 0.1, PreloadThrottleTest.tuningConfig()));
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    for (Priority p : new Priority[] {Priority.LOW, Priority.HIGH, Priority.NORMAL, Priority.CRITICAL}) {
      registry.loader(p.name(), () -> {
        order.add(p.name());
        return p;
      }).strategy(LoadStrategy.PRELOAD).priority(p).register();
    }
    assertThat(registry.stats().preloadQueueDepth()).isEqualTo(4);

    registry.tunable().adjust(dev.optimizer.core.Pressure.of(0.1, 0.1, PreloadThrottleTest.tuningConfig()));

    await().atMost(PATIENCE).until(() -> order.size() == 4);
    assertThat(order).containsExactly("CRITICAL", "HIGH", "NORMAL", "LOW");
  }

  @Test
  void get_duringPreload_waitsForItInsteadOfLoadingTwice() throws Exception {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LazyLoader<Integer> value = registry.<Integer>loader("big", () -> {
      started.countDown();
      LazyTest.await(release);
      return loads.incrementAndGet();
    }).strategy(LoadStrategy.PRELOAD).priority(Priority.HIGH).register();

    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> gets = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        gets.add(pool.submit(value::get));
      }
      CompletableFuture<Integer> async = value.getAsync();
      release.countDown();
      for (Future<Integer> f : gets) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      }
      assertThat(async.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void preloadAll_limit_preloadsOnlyTheHighestPriorities() {
    LazyRegistry noRegistrationPreload = registry(LazyConfig.custom().preloadLimit(2)
        .preloadOnRegistration(false).preloadConcurrency(1));
    List<LazyLoader<Priority>> loaders = new ArrayList<>();
    for (Priority p : Priority.values()) {
      loaders.add(noRegistrationPreload.<Priority>loader(p.name(), () -> p)
          .strategy(LoadStrategy.PRELOAD).priority(p).register());
    }

    noRegistrationPreload.preloadAll().orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(loaders).filteredOn(LazyLoader::isLoaded).extracting(LazyLoader::priority)
        .containsExactlyInAnyOrder(Priority.CRITICAL, Priority.HIGH);
  }

  @Test
  void getAsync_cold_loadsOnLoaderThreadOnce() throws Exception {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    LazyLoader<Integer> value = registry.<Integer>loader("n", () -> {
      threads.add(Thread.currentThread().getName());
      return loads.incrementAndGet();
    }).register();

    CompletableFuture<Integer> a = value.getAsync();
    CompletableFuture<Integer> b = value.getAsync();
    assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(b.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(value.get()).isEqualTo(1);
    assertThat(loads).hasValue(1);
    assertThat(threads).singleElement().asString().startsWith("optimizer-lazy-default-loader-");
  }

  @Test
  void getAsync_callerCancelsItsFuture_loadStillCompletesForOthers() throws Exception {
    LazyRegistry registry = registry(LazyConfig.custom());
    CountDownLatch release = new CountDownLatch(1);
    LazyLoader<String> value = registry.<String>loader("n", () -> {
      LazyTest.await(release);
      return "done";
    }).register();

    CompletableFuture<String> mine = value.getAsync();
    mine.cancel(true);
    CompletableFuture<String> other = value.getAsync();
    release.countDown();
    assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("done");
  }

  @Test
  void register_conflictingSettings_areRejected() {
    LazyRegistry registry = registry(LazyConfig.custom());
    assertThatThrownBy(() -> registry.loader("a", () -> 1).ttl(Duration.ofSeconds(1)).register())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("LAZY").hasMessageContaining("a");
    assertThatThrownBy(() -> registry.loader("b", () -> 1).strategy(LoadStrategy.CACHED).register())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CACHED needs a TTL");
    registry.loader("c", () -> 1).register();
    assertThatThrownBy(() -> registry.loader("c", () -> 2).register())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> registry.loader(" ", () -> 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.loader("d", () -> 1).ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void find_require_remove_behaveAsAMapOfKeys() {
    LazyRegistry registry = registry(LazyConfig.custom());
    registry.loader("x", () -> "X").register();

    assertThat(registry.keys()).containsExactly("x");
    assertThat(registry.<String>require("x").get()).isEqualTo("X");
    assertThat(registry.find("y")).isEmpty();
    assertThatThrownBy(() -> registry.require("y")).isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("'y'");
    assertThat(registry.remove("x")).isTrue();
    assertThat(registry.keys()).isEmpty();
  }

  @Test
  void bindTo_meterRegistry_reportsLoadsFailuresStaleServesAndQueue() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LazyRegistry registry = LazyRegistry.create(LazyConfig.custom().name("app").ticker(ticker).build());
    registry.metrics().bindTo(meters);
    toClose.add(registry);
    AtomicInteger calls = new AtomicInteger();
    LazyLoader<Integer> value = registry.<Integer>loader("n", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("once");
      }
      return calls.get();
    }).register();
    assertThatThrownBy(value::get).isInstanceOf(IllegalStateException.class);
    value.get();

    assertThat(meters.get("optimizer.lazy.loads").tags("registry", "app", "key", "n").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(meters.get("optimizer.lazy.failures").tags("key", "n").functionCounter().count()).isEqualTo(1.0);
    assertThat(meters.get("optimizer.lazy.load.time").tags("key", "n").functionTimer().count()).isEqualTo(2.0);
    assertThat(meters.get("optimizer.lazy.stale.serves").tags("key", "n").functionCounter().count()).isZero();
    assertThat(meters.get("optimizer.lazy.preload.queue").tags("registry", "app").gauge().value()).isZero();

    registry.close();
    assertThat(meters.find("optimizer.lazy.loads").meters()).isEmpty();
  }

  @Test
  void close_stopsEveryThreadItStarted() throws Exception {
    LazyRegistry registry = LazyRegistry.create(LazyConfig.custom().name("closing").build());
    registry.loader("p", () -> "p").strategy(LoadStrategy.PRELOAD).register();
    registry.<String>loader("a", () -> "a").register().getAsync().get(30, TimeUnit.SECONDS);
    await().atMost(PATIENCE).until(() -> registry.stats().loads() == 2);
    assertThat(threadsNamed("optimizer-lazy-closing-")).isNotEmpty();

    registry.close();

    await().atMost(PATIENCE).until(() -> threadsNamed("optimizer-lazy-closing-").isEmpty());
    assertThatThrownBy(() -> registry.loader("b", () -> 1).register()).isInstanceOf(IllegalStateException.class);
    assertThat(registry.<String>require("a").get()).isEqualTo("a");
    assertThat(registry.<String>require("a").getAsync()).isCompletedWithValue("a");
  }

  @Test
  void getAsync_afterClose_failsInsteadOfHanging() {
    LazyRegistry registry = LazyRegistry.create();
    LazyLoader<String> value = registry.<String>loader("a", () -> "a").register();
    registry.close();

    assertThatThrownBy(() -> value.getAsync().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    assertThat(value.get()).isEqualTo("a"); // loads on the caller's thread
  }

  @Test
  void close_loadStillQueued_failsItsWaitersInsteadOfLeavingThemHanging() throws Exception {
    LazyRegistry registry = LazyRegistry.create(LazyConfig.custom().name("queued").loaderThreads(1).build());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    LazyLoader<String> busy = registry.<String>loader("busy", () -> {
      started.countDown();
      LazyTest.await(never); // interrupted by close()
      return "busy";
    }).register();
    LazyLoader<String> queued = registry.<String>loader("queued", () -> "queued").register();
    CompletableFuture<String> first = busy.getAsync();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> second = queued.getAsync(); // waits behind "busy" on the single thread

    registry.close();

    assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(queued.get()).isEqualTo("queued"); // not stuck: loads on the caller's thread
  }

  @Test
  void preloadAll_expiredPreloadValue_reloadsInBackground() {
    LazyRegistry registry = registry(LazyConfig.custom().preloadOnRegistration(false));
    AtomicInteger loads = new AtomicInteger();
    LazyLoader<Integer> value = registry.<Integer>loader("n", loads::incrementAndGet)
        .strategy(LoadStrategy.PRELOAD).ttl(Duration.ofMinutes(1)).register();

    registry.preloadAll().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(value.isLoaded()).isTrue();
    registry.preloadAll().orTimeout(30, TimeUnit.SECONDS).join(); // fresh: nothing to do
    assertThat(loads).hasValue(1);
    ticker.advance(Duration.ofMinutes(1));
    registry.preloadAll().orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(loads).hasValue(2);
    assertThat(value.get()).isEqualTo(2);
  }

  @Test
  void invalidate_duringCachedRefresh_nextGetLoadsFreshAndRefreshResultIsDropped() throws Exception {
    LazyRegistry registry = registry(LazyConfig.custom());
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch refreshStarted = new CountDownLatch(1);
    CountDownLatch releaseRefresh = new CountDownLatch(1);
    LazyLoader<String> value = registry.<String>loader("v", () -> {
      int n = loads.incrementAndGet();
      if (n == 2) {
        refreshStarted.countDown();
        LazyTest.await(releaseRefresh);
      }
      return "v" + n;
    }).strategy(LoadStrategy.CACHED).ttl(Duration.ofMinutes(1)).register();
    assertThat(value.get()).isEqualTo("v1");
    ticker.advance(Duration.ofMinutes(1));
    assertThat(value.get()).isEqualTo("v1");
    assertThat(refreshStarted.await(30, TimeUnit.SECONDS)).isTrue();

    value.invalidate();
    assertThat(value.get()).as("after invalidate the caller waits for a new load").isEqualTo("v3");
    releaseRefresh.countDown();
    await().atMost(PATIENCE).until(() -> value.stats().loads() == 3);

    assertThat(value.get()).isEqualTo("v3");
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  // Issue 12, one metrics pattern: stats() carries times as Duration, metrics() is the registry's binder.
  @Test
  void stats_afterLoads_reportsCountsAndLoadTimeAsDuration() {
    LazyRegistry registry = registry(LazyConfig.custom().name("timed"));
    LazyLoader<Integer> a = registry.<Integer>loader("a", () -> {
      ticker.advance(Duration.ofMillis(7)); // the load takes 7 ms by the registry's clock
      return 1;
    }).register();

    assertThat(a.get()).isEqualTo(1);

    LazyStats s = registry.stats();
    assertThat(s.loads()).isEqualTo(1);
    assertThat(s.failures()).isZero();
    assertThat(s.totalLoadTime()).isEqualTo(Duration.ofMillis(7));
    assertThat(s.loaders()).singleElement().satisfies(l -> assertThat(l.totalLoadTime()).isEqualTo(Duration.ofMillis(7)));
  }

  @Test
  void create_withRegistryAround_registersNothingUntilBound() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(meters);
    try {
      LazyRegistry registry = registry(LazyConfig.custom().name("unbound"));
      registry.<Integer>loader("a", () -> 1).register().get();
      assertThat(meters.getMeters()).isEmpty();

      registry.metrics().bindTo(meters);
      assertThat(meters.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(meters);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedMeterNamesTaggedWithRegistryAndKey() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LazyRegistry registry = registry(LazyConfig.custom().name("named"));
    registry.<Integer>loader("a", () -> 1).register().get();
    registry.metrics().bindTo(meters);

    assertThat(meters.getMeters()).allSatisfy(m -> {
      assertThat(m.getId().getName()).startsWith("optimizer.lazy.");
      assertThat(m.getId().getTag("registry")).isEqualTo("named");
    });
    assertThat(meters.getMeters()).extracting(m -> m.getId().getName()).contains("optimizer.lazy.preload.queue",
        "optimizer.lazy.preload.paused", "optimizer.lazy.loads", "optimizer.lazy.failures",
        "optimizer.lazy.stale.serves", "optimizer.lazy.load.time");
    assertThat(meters.get("optimizer.lazy.loads").tag("key", "a").functionCounter().count()).isEqualTo(1);
  }
}
