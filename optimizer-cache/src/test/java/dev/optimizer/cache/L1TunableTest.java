package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.internal.DefaultTieredCache;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.TuningEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class L1TunableTest {
  private final OptimizerConfig config = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
      .level(OptimizationLevel.ADVANCED).memoryThreshold(0.8).build();

  @Test
  void adjust_memoryPressure_shrinksL1BoundedAndGrowsBack() {
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.custom("tuned")
        .l1MaximumSize(1000).l1MinimumSize(100).build()).executor(Runnable::run).build()) {
      var l1 = ((DefaultTieredCache<String, String>) cache).l1();
      var eviction = l1.policy().eviction().orElseThrow();
      for (int i = 0; i < 1000; i++) {
        cache.put("k" + i, "v");
      }
      Pressure high = Pressure.of(0.1, 0.95, config);
      List<TuningEvent> first = cache.tunable().adjust(high);
      assertThat(first).singleElement().satisfies(e -> {
        assertThat(e.target()).isEqualTo("cache.tuned.l1");
        assertThat(e.setting()).isEqualTo("maximumSize");
        assertThat(e.from()).isEqualTo("1000");
        assertThat(e.to()).isEqualTo("750");
        assertThat(e.reason()).contains("memory");
      });
      assertThat(eviction.getMaximum()).isEqualTo(750);
      l1.cleanUp();
      assertThat(l1.estimatedSize()).isLessThanOrEqualTo(750);
      for (int i = 0; i < 10; i++) {
        cache.tunable().adjust(high);
      }
      // ADVANCED never goes below a quarter of the baseline.
      assertThat(eviction.getMaximum()).isEqualTo(250);

      assertThat(cache.tunable().adjust(Pressure.of(0.1, 0.75, config))).as("between relief and threshold: hold")
          .isEmpty();
      for (int i = 0; i < 10; i++) {
        cache.tunable().adjust(Pressure.of(0.1, 0.3, config));
      }
      assertThat(eviction.getMaximum()).isEqualTo(1000);
    }
  }

  @Test
  void adjust_levelNone_neverChangesAnything() {
    OptimizerConfig none = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).build();
    try (TieredCache<String, String> cache = TieredCache.<String, String>builder("fixed").build()) {
      assertThat(cache.tunable().adjust(Pressure.of(1, 1, none))).isEmpty();
    }
  }
}
