package dev.optimizer.bench;

import dev.optimizer.bench.report.CompressionPoint;
import dev.optimizer.compress.BenchmarkReport;
import dev.optimizer.compress.CompressionEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Compression ratio and speed per algorithm and level on one sample, from the compression engine's own
 * {@code benchmark(sample)}, for the report's chart and table.
 *
 * @param points one per algorithm and level; empty when not available
 * @param sample what was compressed, for the chart's title
 * @param unavailableReason why {@code points} is empty
 */
record CompressionProfile(List<CompressionPoint> points, String sample, String unavailableReason) {
  /** Size of the sample: large enough for steady speeds, small enough for XZ and BZIP2 at MAXIMUM. */
  static final int SAMPLE_BYTES = 512 * 1024;

  /** Measures now (about ten seconds), or says why it cannot. */
  static CompressionProfile measure() {
    byte[] sample = jsonRecords(SAMPLE_BYTES);
    try (CompressionEngine engine = CompressionEngine.create()) {
      BenchmarkReport report = engine.benchmark(sample);
      List<CompressionPoint> points = report.rows().stream()
          .map(r -> new CompressionPoint(r.algorithm().name(), r.level().name(), r.ratio(), r.compressMbPerSecond(),
              r.decompressMbPerSecond()))
          .toList();
      return new CompressionProfile(points, "JSON records, " + SAMPLE_BYTES / 1024 + " KiB", "");
    } catch (RuntimeException e) {
      return new CompressionProfile(List.of(), "", "the compression benchmark failed: " + e);
    }
  }

  /** Reproducible JSON records, the kind of payload services compress most. */
  static byte[] jsonRecords(int size) {
    Random r = new Random(42);
    String[] cities = {"Lisbon", "Oslo", "Lyon", "Turin", "Gdansk", "Porto", "Ghent", "Graz"};
    StringBuilder sb = new StringBuilder(size + 256);
    for (int id = 0; sb.length() < size; id++) {
      sb.append("{\"id\":").append(id).append(",\"user\":\"user").append(r.nextInt(5000))
          .append("\",\"city\":\"").append(cities[r.nextInt(cities.length)]).append("\",\"amount\":")
          .append(r.nextInt(100000) / 100.0).append(",\"items\":[").append(r.nextInt(9)).append(',')
          .append(r.nextInt(99)).append("],\"active\":").append(r.nextBoolean()).append("}\n");
    }
    byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
    return java.util.Arrays.copyOf(all, size);
  }
}
