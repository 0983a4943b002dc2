package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.spi.CacheWriteTiming;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writes of @CachePut and @CacheInvalidate take effect when the configured timing runs them. */
class CacheWriteTimingTest {
  private Optimizer optimizer;
  private final List<Runnable> pending = new ArrayList<>();
  private final CacheWriteTiming deferred = pending::add;

  @AfterEach
  void close() {
    optimizer.close();
  }

  public interface Prices {
    @CacheResult(cache = "prices")
    Integer price(String sku);

    @CachePut(cache = "prices")
    Integer set(@CacheKey String sku, int price);

    @CacheInvalidate(cache = "prices")
    void drop(String sku);

    @CacheInvalidate(cache = "prices", all = true)
    void dropAll();
  }

  static class Store implements Prices {
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public Integer price(String sku) {
      return 10 * loads.incrementAndGet();
    }

    @Override
    public Integer set(String sku, int price) {
      return price;
    }

    @Override
    public void drop(String sku) {}

    @Override
    public void dropAll() {}
  }

  private Prices proxy() {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).build())
        .module(new CacheModule(CacheModuleConfig.custom().writeTiming(deferred).build())).build();
    return optimizer.proxy(Prices.class, new Store());
  }

  @Test
  void deferredTiming_putAndInvalidateWaitUntilRun() {
    Prices prices = proxy();
    assertThat(prices.price("a")).isEqualTo(10);
    assertThat(prices.set("a", 99)).isEqualTo(99);
    assertThat(prices.price("a")).as("the put has not run yet").isEqualTo(10);
    pending.remove(0).run();
    assertThat(prices.price("a")).isEqualTo(99);

    prices.drop("a");
    prices.dropAll();
    assertThat(prices.price("a")).as("the drops have not run yet").isEqualTo(99);
    assertThat(pending).hasSize(2);
    pending.remove(0).run();
    assertThat(prices.price("a")).isEqualTo(20);
  }

  @Test
  void deferredWritesNeverRun_leaveTheEntry() {
    Prices prices = proxy();
    prices.price("a");
    prices.drop("a");
    pending.clear(); // a rolled-back transaction
    assertThat(prices.price("a")).isEqualTo(10);
  }

  @Test
  void defaultTiming_isImmediate() {
    assertThat(CacheModuleConfig.ofDefaults().writeTiming()).isNotNull();
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .build()).module(new CacheModule()).build();
    Prices prices = optimizer.proxy(Prices.class, new Store());
    prices.price("a");
    prices.drop("a");
    assertThat(prices.price("a")).isEqualTo(20);
  }
}
