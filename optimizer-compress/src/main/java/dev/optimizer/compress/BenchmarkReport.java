package dev.optimizer.compress;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link CompressionEngine#benchmark(byte[])}: one row per available algorithm and level.
 * Immutable; {@link #toString()} is a table for people.
 *
 * @param sampleBytes the sample's size in bytes
 * @param rows the measurements, in algorithm then level order
 */
public record BenchmarkReport(int sampleBytes, List<Row> rows) {
  /** Copies the list. */
  public BenchmarkReport {
    rows = List.copyOf(rows);
  }

  /**
   * One algorithm at one level.
   *
   * @param algorithm the algorithm
   * @param level the level
   * @param compressMbPerSecond compression throughput, MB (10^6 bytes) of input per second
   * @param decompressMbPerSecond decompression throughput, MB of original per second
   * @param ratio input bytes / frame bytes
   */
  public record Row(Algorithm algorithm, Level level, double compressMbPerSecond, double decompressMbPerSecond,
      double ratio) {}

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "compression benchmark on %,d bytes%n", sampleBytes));
    sb.append(String.format(Locale.ROOT, "%-8s %-9s %12s %12s %8s%n", "algo", "level", "comp MB/s",
        "decomp MB/s", "ratio"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-8s %-9s %12.1f %12.1f %8.3f%n", r.algorithm(), r.level(),
          r.compressMbPerSecond(), r.decompressMbPerSecond(), r.ratio()));
    }
    return sb.toString();
  }
}
