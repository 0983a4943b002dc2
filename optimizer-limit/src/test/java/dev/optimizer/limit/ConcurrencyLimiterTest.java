package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {
  private final FakeTicker ticker = new FakeTicker();

  @Test
  void acquire_atTheLimit_waitsInTheQueueForARelease_thenRejectsWhenTheQueueIsFull() throws Exception {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("q", ConcurrencyLimiterConfig.custom().ticker(ticker)
        .initialLimit(2).limits(1, 10).queue(1, Duration.ofSeconds(30)).build());
    ConcurrencyLimiter.Permit a = limiter.acquire();
    ConcurrencyLimiter.Permit b = limiter.acquire();
    AtomicReference<ConcurrencyLimiter.Permit> queued = new AtomicReference<>();
    Thread waiter = new Thread(() -> queued.set(limiter.acquire()));
    waiter.start();
    await().until(() -> limiter.stats().queued() == 1 && waiter.getState() == Thread.State.TIMED_WAITING);
    assertThatThrownBy(limiter::acquire).isInstanceOf(ConcurrencyLimitExceededException.class)
        .hasMessageContaining("queue full");
    assertThat(limiter.tryAcquire()).isEmpty();
    a.close();
    waiter.join(10_000);
    assertThat(queued.get()).isNotNull();
    assertThat(limiter.inFlight()).isEqualTo(2);
    b.close();
    queued.get().close();
    queued.get().close(); // a second release does nothing
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.stats().rejected()).isEqualTo(2);
  }

  @Test
  void acquire_queueWaitRunsOut_rejectsNamingTheWait() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("q", ConcurrencyLimiterConfig.custom()
        .initialLimit(1).limits(1, 10).queue(4, Duration.ZERO).build());
    limiter.acquire();
    assertThatThrownBy(limiter::acquire).isInstanceOf(ConcurrencyLimitExceededException.class)
        .hasMessageContaining("queue wait ran out");
  }

  @Test
  void monitorOnly_admitsEverything_countsWouldBeRejections() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("m", ConcurrencyLimiterConfig.custom().ticker(ticker)
        .initialLimit(2).limits(1, 10).monitorOnly(true).build());
    List<ConcurrencyLimiter.Permit> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(limiter.acquire());
    }
    assertThat(limiter.inFlight()).isEqualTo(5);
    assertThat(limiter.stats().wouldReject()).isEqualTo(3);
    assertThat(limiter.stats().rejected()).isZero();
    held.forEach(ConcurrencyLimiter.Permit::close);
  }

  @Test
  void tryAcquire_hundredsOfThreads_neverMoreInFlightThanTheLimit() throws Exception {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("many", ConcurrencyLimiterConfig.custom()
        .initialLimit(8).limits(8, 8).build());
    AtomicInteger current = new AtomicInteger();
    AtomicInteger worst = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int j = 0; j < 200; j++) {
          Optional<ConcurrencyLimiter.Permit> p = limiter.tryAcquire();
          if (p.isPresent()) {
            worst.accumulateAndGet(current.incrementAndGet(), Math::max);
            Thread.yield();
            current.decrementAndGet();
            p.get().close();
          }
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(worst.get()).isBetween(1, 8);
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.stats().accepted() + limiter.stats().rejected()).isEqualTo(300 * 200);
  }

  @Test
  void permit_droppedRepeatedly_shrinksTheLimit() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("d", ConcurrencyLimiterConfig.custom().ticker(ticker)
        .initialLimit(40).limits(2, 100).window(Duration.ofMillis(100), 10).build());
    for (int window = 0; window < 10; window++) {
      for (int i = 0; i < 25; i++) {
        ConcurrencyLimiter.Permit p = limiter.acquire();
        ticker.advance(Duration.ofMillis(5));
        if (i % 5 == 0) {
          p.dropped();
        } else {
          p.close();
        }
      }
    }
    assertThat(limiter.limit()).isLessThan(40);
  }

  @Test
  void close_thenAcquire_throwsNamingTheLimiter_heldPermitsStillRelease() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.create("c", ConcurrencyLimiterConfig.ofDefaults());
    ConcurrencyLimiter.Permit p = limiter.acquire();
    limiter.close();
    assertThatThrownBy(limiter::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("'c'");
    p.close();
    assertThat(limiter.inFlight()).isZero();
  }
}
