package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.testing.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final FakeTicker ticker = new FakeTicker();

  private RateLimiter limiter(String rate, int burst) {
    return RateLimiter.local("test", RateLimiterConfig.custom().rate(rate).burst(burst).ticker(ticker).build());
  }

  @Test
  void tryAcquire_freshKey_admitsBurstPlusOneThenOnePerInterval() {
    RateLimiter limiter = limiter("10/1m", 5);
    for (int i = 0; i < 6; i++) {
      RateLimitDecision d = limiter.tryAcquire("client-1");
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(5 - i);
    }
    RateLimitDecision refused = limiter.tryAcquire("client-1");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(6));
    assertThat(limiter.tryAcquire("client-2").allowed()).as("keys are independent").isTrue();

    ticker.advance(Duration.ofSeconds(6).minusNanos(1));
    assertThat(limiter.tryAcquire("client-1").allowed()).isFalse();
    ticker.advanceNanos(1);
    assertThat(limiter.tryAcquire("client-1").allowed()).isTrue();
    assertThat(limiter.tryAcquire("client-1").retryAfter()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void tryAcquire_randomArrivals_noWindowOfOnePeriodAdmitsMoreThanPermitsPlusBurst() {
    for (long seed = 1; seed <= 20; seed++) {
      FakeTicker t = new FakeTicker();
      RateLimiter limiter = RateLimiter.local("w", RateLimiterConfig.custom().rate("10/1m").burst(5).ticker(t).build());
      Random random = new Random(seed);
      List<Long> admitted = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        t.advanceNanos((long) (random.nextDouble() * random.nextDouble() * 4e9));
        if (limiter.tryAcquire("k").allowed()) {
          admitted.add(t.read());
        }
      }
      assertThat(maxInWindow(admitted, Duration.ofMinutes(1).toNanos())).as("seed %d", seed).isLessThanOrEqualTo(15);
      long span = admitted.get(admitted.size() - 1) - admitted.get(0);
      assertThat(admitted.size()).as("the rate is granted, not only capped")
          .isGreaterThanOrEqualTo((int) (span / 6e9 * 0.9));
    }
  }

  static int maxInWindow(List<Long> times, long window) {
    int best = 0;
    int start = 0;
    for (int end = 0; end < times.size(); end++) {
      while (times.get(end) - times.get(start) >= window) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  @Test
  void tryAcquire_400ConcurrentCallersOnOneKeyAtOneInstant_admitsExactlyBurstPlusOne() throws Exception {
    RateLimiter limiter = limiter("1/1h", 49);
    AtomicInteger allowed = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Runnable r = () -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int j = 0; j < 5; j++) {
          if (limiter.tryAcquire("hot").allowed()) {
            allowed.incrementAndGet();
          }
        }
      };
      Thread t = new Thread(r);
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(allowed.get()).isEqualTo(50);
    assertThat(limiter.stats().allowed()).isEqualTo(50);
    assertThat(limiter.stats().denied()).isEqualTo(2000 - 50);
  }

  @Test
  void sweep_idleKeysAreDroppedAndBehaveAsFreshKeys() {
    RateLimiter limiter = limiter("1/1s", 0);
    var local = (dev.optimizer.limit.internal.LocalGcraLimiter) limiter;
    for (int i = 0; i < 5000; i++) {
      limiter.tryAcquire("k" + i);
    }
    assertThat(local.trackedKeys()).isEqualTo(5000);
    ticker.advance(Duration.ofSeconds(2));
    local.sweep(ticker.read());
    assertThat(local.trackedKeys()).isZero();
    assertThat(limiter.tryAcquire("k1").allowed()).isTrue();
    assertThat(limiter.tryAcquire("k1").allowed()).isFalse();
  }

  @Test
  void acquire_waitFitsBudget_waitsUntilTheTickerReachesRetryAfter() throws Exception {
    RateLimiter limiter = limiter("1/1s", 0);
    assertThat(limiter.tryAcquire("k").allowed()).isTrue();
    AtomicReference<RateLimitDecision> result = new AtomicReference<>();
    Thread waiter = new Thread(() -> result.set(limiter.acquire("k", Duration.ofSeconds(2))));
    waiter.start();
    await().until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    assertThat(result.get()).isNull();
    ticker.advance(Duration.ofSeconds(1));
    waiter.join(10_000);
    assertThat(result.get().allowed()).isTrue();
  }

  @Test
  void acquire_retryAfterBeyondMaxWait_throwsAtOnceWithRetryAfter() {
    RateLimiter limiter = limiter("1/1m", 0);
    limiter.tryAcquire("k");
    ticker.advance(Duration.ofSeconds(15));
    assertThatThrownBy(() -> limiter.acquire("k", Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45));
          assertThat(e.key()).isEqualTo("k");
          assertThat(e.limiter()).isEqualTo("test");
        });
    assertThatThrownBy(() -> limiter.acquire("k", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void metrics_countDecisionsByOutcome_onlyOnceBound() {
    RateLimiter limiter = limiter("2/1s", 0);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThat(registry.getMeters()).isEmpty();
    limiter.metrics().bindTo(registry);
    limiter.metrics().bindTo(registry);
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    assertThat(registry.get("optimizer.limit.rate.decisions").tag("outcome", "allowed").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("optimizer.limit.rate.decisions").tag("outcome", "denied").functionCounter().count()).isEqualTo(1);
  }

  @Test
  void close_thenDecisions_throwNamingTheLimiter() {
    RateLimiter limiter = limiter("2/1s", 0);
    limiter.close();
    limiter.close();
    assertThatThrownBy(() -> limiter.tryAcquire("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("test");
  }

  @Test
  void tryAcquire_manyThreadsManyKeysOverTime_eachKeyKeepsItsRate() throws Exception {
    RateLimiter limiter = limiter("100/1s", 0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    AtomicInteger allowed = new AtomicInteger();
    for (int step = 0; step < 100; step++) {
      futures.clear();
      for (int i = 0; i < 64; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          if (limiter.tryAcquire("key" + (n % 4)).allowed()) {
            allowed.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      ticker.advance(Duration.ofMillis(10));
    }
    pool.shutdown();
    // 4 keys, one permit per 10 ms each, 100 steps of 10 ms: exactly one per key per step.
    assertThat(allowed.get()).isEqualTo(400);
  }
}
