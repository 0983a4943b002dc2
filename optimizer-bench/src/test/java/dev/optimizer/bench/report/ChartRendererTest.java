package dev.optimizer.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;

class ChartRendererTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  @Test
  void ratios_rowsAboveAndBelowOne_writesPng(@TempDir Path dir) throws Exception {
    Target fast = Target.in("x", "a.FastBench").compare("OURS", "PEER").speedAtLeast(3);
    Target added = Target.in("x", "a.ProxyBench").compare("PROXY", "DIRECT").addedNanosAtMost(15);
    List<TargetRow> rows = List.of(
        new TargetRow(fast, "", ns("a.FastBench", 10), ns("a.FastBench", 50), TargetRow.Status.MET, "5.00x faster"),
        new TargetRow(added, "", ns("a.ProxyBench", 12.5), ns("a.ProxyBench", 0.5), TargetRow.Status.MET, "+12 ns"));
    Path file = dir.resolve("ratios.png");
    assertThat(ChartRenderer.ratios(rows, file)).isTrue();
    assertThat(Files.readAllBytes(file)).startsWith(PNG_MAGIC);
  }

  @Test
  void ratios_nothingMeasured_writesNothing(@TempDir Path dir) {
    Target t = Target.in("x", "a.FastBench").compare("OURS", "PEER").speedAtLeast(3);
    Path file = dir.resolve("ratios.png");
    assertThat(ChartRenderer.ratios(List.of(new TargetRow(t, "", null, null, TargetRow.Status.NOT_RUN, "n/a")), file))
        .isFalse();
    assertThat(file).doesNotExist();
  }

  @Test
  void compression_points_writesPng(@TempDir Path dir) throws Exception {
    List<CompressionPoint> points = List.of(new CompressionPoint("LZ4", "FAST", 2.1, 700, 3000),
        new CompressionPoint("LZ4", "MAXIMUM", 2.6, 90, 3100), new CompressionPoint("XZ", "BALANCED", 5.5, 8, 120));
    Path file = dir.resolve("compression.png");
    assertThat(ChartRenderer.compression(points, "JSON 1 MiB", file)).isTrue();
    assertThat(Files.readAllBytes(file)).startsWith(PNG_MAGIC);
  }

  private static Measurement ns(String cls, double nanos) {
    return new Measurement(cls, "call", Map.of(), Mode.AverageTime, 1, nanos, Double.NaN, "ns/op");
  }
}
