package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code @CacheResult(refreshAfter = ...)}: hits past the refresh time call the method again in the background. */
class RefreshAheadAnnotationTest {
  private final FakeTicker ticker = new FakeTicker();
  private final List<Optimizer> optimizers = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    optimizers.forEach(Optimizer::close);
  }

  private Optimizer optimizer() {
    Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .ticker(ticker).module(new CacheModule(CacheModuleConfig.ofDefaults())).build();
    optimizers.add(optimizer);
    return optimizer;
  }

  public interface Reports {
    @CacheResult(cache = "reports", ttl = "60s", refreshAfter = "10s")
    String report(String name);

    @CacheResult(cache = "reports-async", ttl = "60s", refreshAfter = "10s")
    CompletableFuture<String> reportAsync(String name);
  }

  /** Counts calls; a call can be held until the test releases it. */
  public static class CountingReports implements Reports {
    final AtomicInteger calls = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);

    @Override
    public String report(String name) {
      int n = calls.incrementAndGet();
      awaitHold();
      return name + "#" + n;
    }

    @Override
    public CompletableFuture<String> reportAsync(String name) {
      int n = calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> {
        awaitHold();
        return name + "#" + n;
      });
    }

    private void awaitHold() {
      try {
        if (!hold.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("hold not released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void hitPastRefreshAfter_returnsCachedResultAtOnce_andCallsTheMethodOnceInTheBackground() {
    CountingReports target = new CountingReports();
    Reports reports = optimizer().proxy(Reports.class, target);
    assertThat(reports.report("daily")).isEqualTo("daily#1");
    ticker.advance(Duration.ofSeconds(11));

    target.hold = new CountDownLatch(1);
    assertThat(reports.report("daily")).isEqualTo("daily#1"); // not waiting for the held call
    assertThat(reports.report("daily")).isEqualTo("daily#1");
    target.hold.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.report("daily").equals("daily#2"));
    assertThat(target.calls).hasValue(2);
  }

  @Test
  void asyncMethod_hitPastRefreshAfter_isACompletedFuture_andTheMethodRunsAgainOnce() throws Exception {
    CountingReports target = new CountingReports();
    Reports reports = optimizer().proxy(Reports.class, target);
    assertThat(reports.reportAsync("weekly").get(10, TimeUnit.SECONDS)).isEqualTo("weekly#1");
    ticker.advance(Duration.ofSeconds(11));

    target.hold = new CountDownLatch(1);
    CompletableFuture<String> hit = reports.reportAsync("weekly");
    assertThat(hit).isCompletedWithValue("weekly#1");
    assertThat(reports.reportAsync("weekly")).isCompletedWithValue("weekly#1");
    target.hold.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> reports.reportAsync("weekly").join().equals("weekly#2"));
    assertThat(target.calls).hasValue(2);
  }

  public interface Rates {
    @CacheResult(cache = "rates", ttl = "60s")
    String rate(String currency);
  }

  @Test
  void methodWithoutRefreshAfter_inACacheThatHasOne_refreshes() {
    Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .ticker(ticker).module(new CacheModule(CacheModuleConfig.custom()
            .template(CacheConfig.custom("template").refreshAfter(Duration.ofSeconds(10)).build()).build()))
        .build();
    optimizers.add(optimizer);
    AtomicInteger calls = new AtomicInteger();
    Rates rates = optimizer.proxy(Rates.class, c -> c + "#" + calls.incrementAndGet());
    assertThat(rates.rate("EUR")).isEqualTo("EUR#1");
    ticker.advance(Duration.ofSeconds(11));
    assertThat(rates.rate("EUR")).isEqualTo("EUR#1");
    await().atMost(Duration.ofSeconds(10)).until(() -> rates.rate("EUR").equals("EUR#2"));
  }

  public interface RefreshNotShorterThanTtl {
    @CacheResult(cache = "bad", ttl = "10s", refreshAfter = "10s")
    String value(String k);
  }

  public interface RefreshWithoutL1 {
    @CacheResult(cache = "bad", ttl = "60s", refreshAfter = "10s", tiers = Tier.L2)
    String value(String k);
  }

  public interface RefreshUnparsable {
    @CacheResult(cache = "bad", refreshAfter = "soon")
    String value(String k);
  }

  @Test
  void refreshAfterThatCouldNeverHappen_orWithoutL1_orUnparsable_isRefusedNamingTheMethod() {
    Optimizer o = optimizer();
    assertThatThrownBy(() -> o.proxy(RefreshNotShorterThanTtl.class, k -> k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RefreshNotShorterThanTtl.value").hasMessageContaining("must be shorter than");
    assertThatThrownBy(() -> o.proxy(RefreshWithoutL1.class, k -> k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RefreshWithoutL1.value").hasMessageContaining("needs the L1 tier");
    assertThatThrownBy(() -> o.proxy(RefreshUnparsable.class, k -> k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RefreshUnparsable.value").hasMessageContaining("refreshAfter");
  }
}
