package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

// Issue 12: the public face of the ADAPTIVE controller once it moved to internal.
class AdaptiveTuningTest {
  private static final AdaptiveTuning.LatencyModel OVERHEAD = (size, inFlight) -> 1_000_000L + 2_000L * size;

  @Test
  void of_config_startsWithinBounds() {
    AdaptiveTuning t = AdaptiveTuning.of(BatchConfig.custom().minBatchSize(8).maxBatchSize(32).maxWorkers(3).build());
    assertThat(t.batchSize()).isBetween(8, 32);
    assertThat(t.concurrency()).isBetween(1, 3);
  }

  @Test
  void simulate_overheadDominated_reachesNinetyPercentOfBestStatic() {
    BatchConfig config = BatchConfig.custom().maxBatchSize(4096).maxWorkers(4).build();
    Duration d = Duration.ofSeconds(30);
    double adaptive = AdaptiveTuning.simulate(config, OVERHEAD, d);
    double best = IntStream.iterate(1, s -> s <= 4096, s -> s * 2)
        .mapToDouble(s -> AdaptiveTuning.simulateStatic(s, 4, OVERHEAD, d)).max().orElseThrow();
    assertThat(adaptive).isGreaterThanOrEqualTo(0.9 * best);
    assertThat(AdaptiveTuning.simulate(config, OVERHEAD, d)).isEqualTo(adaptive); // deterministic
  }

  @Test
  void simulateStatic_badArguments_throw() {
    assertThatThrownBy(() -> AdaptiveTuning.simulateStatic(0, 4, OVERHEAD, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdaptiveTuning.simulateStatic(1, 4, OVERHEAD, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adaptiveTuning_sharedBetweenJobs_jobsComplete() {
    BatchConfig config = BatchConfig.custom().name("tuning-test").maxWorkers(2).build();
    AdaptiveTuning tuning = AdaptiveTuning.of(config);
    try (BatchProcessor p = BatchProcessor.create(config)) {
      List<Integer> items = IntStream.range(0, 500).boxed().toList();
      for (int i = 0; i < 2; i++) {
        Job<Integer, Integer> job = Job.<Integer, Integer>of(items, b -> b).strategy(Strategy.ADAPTIVE)
            .adaptiveTuning(tuning).build();
        assertThat(job.adaptiveTuning()).isSameAs(tuning);
        assertThat(p.submit(job).result().join().values()).isEqualTo(items);
      }
    }
  }
}
