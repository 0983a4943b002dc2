package dev.optimizer.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

class MeasurementTest {
  @Test
  void nanosPerOp_averageTimeInMicros_scalesToNanos() {
    assertThat(m(Mode.AverageTime, 1, 2.5, "us/op").nanosPerOp()).isEqualTo(2_500, within(1e-9));
  }

  @Test
  void nanosPerOp_throughputOverTwoThreads_isPerThreadTime() {
    // 2 threads together doing 100 M ops/s: each op takes one thread 20 ns.
    assertThat(m(Mode.Throughput, 2, 100_000_000, "ops/s").nanosPerOp()).isEqualTo(20, within(1e-9));
  }

  @Test
  void nanosPerOp_unknownUnit_throwsNamingIt() {
    assertThatThrownBy(() -> m(Mode.Throughput, 1, 1, "MB/s").nanosPerOp())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("MB/s");
  }

  @Test
  void cost_higherIsBetterUnit_isInverseOfScore() {
    Measurement fast = m(Mode.Throughput, 1, 2_000, "items/s");
    Measurement slow = m(Mode.Throughput, 1, 1_000, "items/s");
    assertThat(fast.isTimeOrThroughput()).isFalse();
    assertThat(slow.cost() / fast.cost()).isEqualTo(2, within(1e-9));
  }

  @Test
  void cost_timeUnit_isNanosPerOp() {
    assertThat(m(Mode.AverageTime, 1, 3, "ms/op").cost()).isEqualTo(3e6, within(1e-6));
  }

  @Test
  void scoreText_withError_readsLikeJmh() {
    Measurement m = new Measurement("a.B", "get", Map.of(), Mode.AverageTime, 1, 12.51, 0.3, "ns/op");
    assertThat(m.scoreText()).isEqualTo("12.5 ± 0.300 ns/op");
  }

  static Measurement m(Mode mode, int threads, double score, String unit) {
    return new Measurement("dev.optimizer.bench.x.FooBench", "get", Map.of(), mode, threads, score, Double.NaN,
        unit);
  }
}
