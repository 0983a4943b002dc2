package dev.optimizer.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.TuningEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreloadThrottleTest {
  static OptimizerConfig tuningConfig() {
    // monitoring on only because the config demands it for a tuning level; nothing is started here
    return OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(true)
        .level(OptimizationLevel.BASIC).cpuThreshold(0.8).build();
  }

  @Test
  void adjust_cpuHigh_pausesPreloading_andResumesOnceRelieved() {
    try (LazyRegistry registry = LazyRegistry.create(LazyConfig.custom().preloadConcurrency(1).build())) {
      List<TuningEvent> paused = registry.tunable().adjust(Pressure.of(0.95, 0.2, tuningConfig()));
      assertThat(paused).singleElement().satisfies(e -> {
        assertThat(e.setting()).isEqualTo("paused");
        assertThat(e.from()).isEqualTo("false");
        assertThat(e.to()).isEqualTo("true");
        assertThat(e.reason()).contains("CPU pressure 95%");
      });
      LazyLoader<String> value = registry.<String>loader("v", () -> "v").strategy(LoadStrategy.PRELOAD)
          .register();
      assertThat(registry.stats().preloadPaused()).isTrue();
      assertThat(registry.stats().preloadQueueDepth()).isEqualTo(1);
      assertThat(value.isLoaded()).isFalse();

      // between relief (0.68) and the threshold (0.8): holds, so no flapping
      assertThat(registry.tunable().adjust(Pressure.of(0.75, 0.2, tuningConfig()))).isEmpty();
      assertThat(registry.stats().preloadPaused()).isTrue();
      assertThat(registry.tunable().adjust(Pressure.of(0.95, 0.2, tuningConfig()))).isEmpty();

      List<TuningEvent> resumed = registry.tunable().adjust(Pressure.of(0.3, 0.2, tuningConfig()));
      assertThat(resumed).singleElement().satisfies(e -> assertThat(e.to()).isEqualTo("false"));
      await().atMost(Duration.ofSeconds(30)).until(value::isLoaded);
      assertThat(registry.stats().preloadPaused()).isFalse();
    }
  }

  @Test
  void preloadAll_loaderAlreadyQueuedWhilePaused_futureWaitsForThatPreload() {
    try (LazyRegistry registry = LazyRegistry.create(LazyConfig.custom().preloadConcurrency(1).build())) {
      registry.tunable().adjust(Pressure.of(0.95, 0.2, tuningConfig()));
      LazyLoader<String> value = registry.<String>loader("v", () -> "v").strategy(LoadStrategy.PRELOAD)
          .register(); // queued at registration, held by the pause

      java.util.concurrent.CompletableFuture<Void> all = registry.preloadAll();
      assertThat(all).isNotDone();
      assertThat(registry.stats().preloadQueueDepth()).as("not queued twice").isEqualTo(1);

      registry.tunable().adjust(Pressure.of(0.3, 0.2, tuningConfig()));
      all.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
      assertThat(value.isLoaded()).isTrue();
      assertThat(value.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void adjust_levelNone_neverPauses() {
    OptimizerConfig none = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).build();
    try (LazyRegistry registry = LazyRegistry.create()) {
      assertThat(registry.tunable().adjust(Pressure.of(0.99, 0.2, none))).isEmpty();
      assertThat(registry.stats().preloadPaused()).isFalse();
    }
  }

  @Test
  void get_whilePreloadPaused_loadsOnCallerAndPreloadIsSkipped() {
    try (LazyRegistry registry = LazyRegistry.create(LazyConfig.custom().preloadConcurrency(1).build())) {
      registry.tunable().adjust(Pressure.of(0.95, 0.2, tuningConfig()));
      java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
      LazyLoader<Integer> value = registry.<Integer>loader("v", loads::incrementAndGet)
          .strategy(LoadStrategy.PRELOAD).register();

      assertThat(value.get()).isEqualTo(1);
      registry.tunable().adjust(Pressure.of(0.1, 0.2, tuningConfig()));
      await().atMost(Duration.ofSeconds(30)).until(() -> registry.stats().preloadQueueDepth() == 0
          && registry.stats().preloadsRunning() == 0);
      assertThat(loads).hasValue(1);
    }
  }
}
