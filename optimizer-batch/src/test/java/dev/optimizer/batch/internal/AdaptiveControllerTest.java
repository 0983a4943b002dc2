package dev.optimizer.batch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AdaptiveControllerTest {
  private static final long DURATION = TimeUnit.SECONDS.toNanos(30);

  private static Simulation.Backend backend(String name) {
    return switch (name) {
      case "overhead" -> Simulation.OVERHEAD_DOMINATED;
      case "item" -> Simulation.ITEM_DOMINATED;
      default -> Simulation.CPU_BOUND;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"overhead", "item", "cpu"})
  void record_simulatedBackend_reachesNinetyPercentOfBestStaticWithinBounds(String name) {
    Simulation.Backend backend = backend(name);
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 4);
    double adaptive = Simulation.adaptive(backend, c, DURATION, (b, k) -> {
      assertThat(b).isBetween(1, 4096);
      assertThat(k).isBetween(1, 4);
    });
    double best = Simulation.bestStatic(backend, 4096, 4, DURATION);
    System.out.printf("%s: adaptive %.0f/s, best static %.0f/s, ratio %.3f, final %s%n", name, adaptive, best,
        adaptive / best, c);
    assertThat(adaptive / best).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void record_overheadDominatedBackend_convergesToLargestBatchAndFullConcurrency() {
    AdaptiveController c = new AdaptiveController(1, 1024, 1, 8);
    Simulation.adaptive(Simulation.OVERHEAD_DOMINATED, c, DURATION, (b, k) -> {});
    assertThat(c.batchSize()).isGreaterThanOrEqualTo(512);
    assertThat(c.concurrency()).isGreaterThanOrEqualTo(7);
  }

  @Test
  void record_itemDominatedBackend_settlesNearInteriorOptimum() {
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 4);
    Simulation.adaptive(Simulation.ITEM_DOMINATED, c, DURATION, (b, k) -> {});
    // Efficiency peaks at 32 (16 and 64 are within 7%): never far from it.
    assertThat(c.batchSize()).isBetween(8, 128);
  }

  @Test
  void record_cpuBoundBackend_keepsConcurrencyNearCoreCount() {
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 8);
    long[] sum = {0, 0};
    Simulation.adaptive(Simulation.CPU_BOUND, c, DURATION, (b, k) -> {
      sum[0] += k;
      sum[1]++;
    });
    assertThat((double) sum[0] / sum[1]).isBetween(1.5, 3.5);
  }

  @Test
  void capConcurrency_underCpuPressure_neverExceedsCap() {
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 8);
    c.capConcurrency(2);
    Simulation.adaptive(Simulation.OVERHEAD_DOMINATED, c, DURATION, (b, k) -> assertThat(k).isLessThanOrEqualTo(2));
    c.capConcurrency(Integer.MAX_VALUE);
    Simulation.adaptive(Simulation.OVERHEAD_DOMINATED, c, DURATION, (b, k) -> {});
    assertThat(c.concurrency()).isGreaterThan(2);
  }

  @Test
  void record_appLimited_neverGrows() {
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 8);
    int batch = c.batchSize();
    int conc = c.concurrency();
    for (int i = 0; i < 10_000; i++) {
      c.record(c.batchSize(), 1_000_000, true);
      assertThat(c.batchSize()).isLessThanOrEqualTo(batch);
      assertThat(c.concurrency()).isLessThanOrEqualTo(conc);
    }
  }

  @Test
  void record_periodically_reprobesNoLoadLatency() {
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 4);
    Simulation.adaptive(Simulation.OVERHEAD_DOMINATED, c, DURATION, (b, k) -> {});
    assertThat(c.probes()).isPositive();
  }

  @Test
  void record_staleGeneration_ignored() {
    AdaptiveController c = new AdaptiveController(1, 4096, 1, 4);
    long windows = c.windows();
    for (int i = 0; i < 100; i++) {
      c.record(10, 1000, false, c.generation() - 1);
    }
    assertThat(c.windows()).isEqualTo(windows);
  }

  @Test
  void constructor_minAboveMax_rejected() {
    assertThatThrownBy(() -> new AdaptiveController(10, 5, 1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch [10, 5]");
  }
}
