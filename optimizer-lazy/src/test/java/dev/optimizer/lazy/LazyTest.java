package dev.optimizer.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyTest {
  private static final int THREADS = 64;
  private static final int ROUNDS = 300;

  @Test
  void get_64ThreadsRacingOnColdValue_loadsExactlyOnceEveryRound() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        AtomicInteger loads = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
          loads.incrementAndGet();
          return new Object();
        });
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Object>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          results.add(pool.submit(() -> {
            start.await(30, TimeUnit.SECONDS);
            return lazy.get();
          }));
        }
        Object first = results.get(0).get(30, TimeUnit.SECONDS);
        for (Future<Object> f : results) {
          assertThat(f.get(30, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(loads).as("loads in round %d", round).hasValue(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void get_64ThreadsRacingOnExpiredValue_reloadsExactlyOnceEveryRound() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    FakeTicker ticker = new FakeTicker();
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.builder().ttl(Duration.ofSeconds(1)).ticker(ticker)
        .build(loads::incrementAndGet);
    try {
      for (int round = 1; round <= 100; round++) {
        assertThat(lazy.get()).isEqualTo(round);
        ticker.advance(Duration.ofSeconds(1));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          results.add(pool.submit(() -> {
            start.await(30, TimeUnit.SECONDS);
            return lazy.get();
          }));
        }
        for (Future<Integer> f : results) {
          assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(round + 1);
        }
        assertThat(loads).hasValue(round + 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void get_racingWithInvalidate_neverFailsAndLoadsAtMostOncePerInvalidation() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.of(loads::incrementAndGet);
    int readers = 8;
    int invalidations = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
    try {
      CyclicBarrier start = new CyclicBarrier(readers + 1);
      AtomicInteger done = new AtomicInteger();
      List<Future<?>> all = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        all.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          for (int i = 0; i < 20_000 || done.get() == 0; i++) {
            Integer v = lazy.get();
            assertThat(v).isBetween(1, invalidations + 1);
          }
          return null;
        }));
      }
      all.add(pool.submit(() -> {
        start.await(30, TimeUnit.SECONDS);
        for (int i = 0; i < invalidations; i++) {
          lazy.invalidate();
          Thread.yield();
        }
        done.set(1);
        return null;
      }));
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads.get()).isBetween(1, invalidations + 1);
    int settled = lazy.get();
    assertThat(lazy.get()).isEqualTo(settled);
    assertThat(loads.get()).isGreaterThanOrEqualTo(settled); // an orphaned load may count itself late
  }

  @Test
  void get_afterFailedLoad_retriesAndKeepsNoFailure() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("backend down");
      }
      return "up";
    });

    assertThatThrownBy(lazy::get).isInstanceOf(IllegalStateException.class).hasMessage("backend down");
    assertThat(lazy.isLoaded()).isFalse();
    assertThat(lazy.get()).isEqualTo("up");
    assertThat(lazy.get()).isEqualTo("up");
    assertThat(calls).hasValue(2);
  }

  @Test
  void get_whileLoadFails_waitersSeeSameFailureAndNextGetRetries() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> {
      if (calls.incrementAndGet() == 1) {
        started.countDown();
        await(release);
        throw new IllegalArgumentException("first fails");
      }
      return "second";
    });
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r);
      threads.add(t);
      return t;
    });
    try {
      Future<String> loader = pool.submit(lazy::get);
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      Future<String> waiter = pool.submit(lazy::get);
      awaitWaiting(threads, 1);
      release.countDown();
      assertThatThrownBy(() -> loader.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
      // The waiter either joined the failed load or came after it and loaded again; both are allowed,
      // a kept failure is not.
      try {
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("second");
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e).hasCauseInstanceOf(IllegalArgumentException.class);
      }
      assertThat(lazy.get()).isEqualTo("second");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void get_loaderReturnsNull_failsWithNpeAndRetries() {
    AtomicInteger calls = new AtomicInteger();
    Lazy<String> lazy = Lazy.of(() -> calls.incrementAndGet() == 1 ? null : "x");

    assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class).hasMessageContaining("null");
    assertThat(lazy.get()).isEqualTo("x");
  }

  @Test
  void get_ttlNotYetPassed_returnsKeptValue_andReloadsAtExactlyTtl() {
    FakeTicker ticker = new FakeTicker();
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.builder().ttl(Duration.ofNanos(1000)).ticker(ticker)
        .build(loads::incrementAndGet);

    assertThat(lazy.get()).isEqualTo(1);
    ticker.advanceNanos(999);
    assertThat(lazy.isLoaded()).isTrue();
    assertThat(lazy.get()).isEqualTo(1);
    ticker.advanceNanos(1); // exactly ttl after the load finished: expired
    assertThat(lazy.isLoaded()).isFalse();
    assertThat(lazy.get()).isEqualTo(2);
    assertThat(loads).hasValue(2);
  }

  @Test
  void get_slowLoad_ttlCountsFromWhenLoadFinished() {
    FakeTicker ticker = new FakeTicker();
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.builder().ttl(Duration.ofSeconds(10)).ticker(ticker).build(() -> {
      ticker.advance(Duration.ofSeconds(8)); // the load itself takes 8 s
      return loads.incrementAndGet();
    });

    assertThat(lazy.get()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(9)); // 17 s after the load started, 9 s after it finished
    assertThat(lazy.get()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(lazy.get()).isEqualTo(2);
  }

  @Test
  void get_reloadAfterTtlFails_nextGetRetries() {
    FakeTicker ticker = new FakeTicker();
    AtomicInteger calls = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.builder().ttl(Duration.ofSeconds(1)).ticker(ticker).build(() -> {
      int n = calls.incrementAndGet();
      if (n == 2) {
        throw new IllegalStateException("reload failed");
      }
      return n;
    });

    assertThat(lazy.get()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThatThrownBy(lazy::get).hasMessage("reload failed");
    assertThat(lazy.get()).isEqualTo(3);
  }

  @Test
  void invalidate_duringLoad_waitersGetThatValueButItIsNotKept() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.of(() -> {
      int n = loads.incrementAndGet();
      if (n == 1) {
        started.countDown();
        await(release);
      }
      return n;
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> first = pool.submit(lazy::get);
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      lazy.invalidate();
      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(lazy.isLoaded()).isFalse();
      assertThat(lazy.get()).isEqualTo(2);
      assertThat(lazy.get()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invalidate_afterLoad_nextGetLoadsAgain() {
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.of(loads::incrementAndGet);

    assertThat(lazy.get()).isEqualTo(1);
    lazy.invalidate();
    assertThat(lazy.isLoaded()).isFalse();
    assertThat(lazy.get()).isEqualTo(2);
  }

  @Test
  void get_loaderCallsItsOwnGet_throwsInsteadOfDeadlocking() {
    AtomicInteger depth = new AtomicInteger();
    Lazy<?>[] self = new Lazy<?>[1];
    self[0] = Lazy.of(() -> {
      depth.incrementAndGet();
      return self[0].get();
    });

    assertThatThrownBy(self[0]::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("recursive");
    assertThat(depth).hasValue(1);
  }

  @Test
  void map_appliesOnceOnFirstGet() {
    AtomicInteger maps = new AtomicInteger();
    Lazy<String> base = Lazy.of(() -> "abc");
    Lazy<Integer> length = base.map(s -> {
      maps.incrementAndGet();
      return s.length();
    });

    assertThat(maps).hasValue(0);
    assertThat(length.get()).isEqualTo(3);
    assertThat(length.get()).isEqualTo(3);
    assertThat(maps).hasValue(1);
    assertThat(base.isLoaded()).isTrue();
  }

  @Test
  void toString_neverShowsTheValue() {
    Lazy<String> lazy = Lazy.builder().name("secret").build(() -> "hunter2");
    assertThat(lazy).hasToString("Lazy[secret, not loaded]");
    lazy.get();
    assertThat(lazy.toString()).isEqualTo("Lazy[secret, loaded]").doesNotContain("hunter2");
  }

  @Test
  void builder_badArguments_areRejected() {
    assertThatThrownBy(() -> Lazy.builder().ttl(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> Lazy.builder().ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lazy.builder().name(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Lazy.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void get_hugeTtl_neverExpires() {
    FakeTicker ticker = new FakeTicker();
    AtomicInteger loads = new AtomicInteger();
    Lazy<Integer> lazy = Lazy.builder().ttl(Duration.ofSeconds(Long.MAX_VALUE)).ticker(ticker)
        .build(loads::incrementAndGet);
    lazy.get();
    ticker.advance(Duration.ofDays(365 * 200));
    assertThat(lazy.get()).isEqualTo(1);
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the pool's {@code index}-th thread (the submitted waiter) blocks, so that it joins the load
   * in flight; without a fixed sleep. The test is correct whether or not it joined, but this way it
   * exercises the joining path on every run.
   */
  private static void awaitWaiting(List<Thread> threads, int index) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> threads.size() > index
        && switch (threads.get(index).getState()) {
          case WAITING, TIMED_WAITING, BLOCKED -> true;
          default -> false;
        });
  }
}
