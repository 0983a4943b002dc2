package dev.optimizer.bench.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One JMH result (a benchmark method with one parameter combination), with its score also as
 * nanoseconds per operation per thread so throughput and time figures compare.
 *
 * @param className the benchmark class, fully qualified
 * @param method the {@code @Benchmark} method
 * @param params parameter values of this run
 * @param mode JMH mode
 * @param threads threads that ran it
 * @param score JMH's primary score in {@code unit}
 * @param error JMH's score error (99.9% half-width), NaN when too few iterations
 * @param unit JMH's unit, e.g. {@code ns/op} or {@code ops/s}
 */
public record Measurement(String className, String method, Map<String, String> params, Mode mode,
    int threads, double score, double error, String unit) {

  /** Copies the parameters. */
  public Measurement {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The measurement of one JMH run result. */
  public static Measurement of(RunResult run) {
    BenchmarkParams p = run.getParams();
    String full = p.getBenchmark();
    int dot = full.lastIndexOf('.');
    Map<String, String> params = new LinkedHashMap<>();
    for (Object key : p.getParamsKeys()) {
      params.put((String) key, p.getParam((String) key));
    }
    Result<?> primary = run.getPrimaryResult();
    return new Measurement(full.substring(0, dot), full.substring(dot + 1), params, p.getMode(),
        p.getThreads(), primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
  }

  /** This measurement with {@code newScore} in place of its score (for reading an error interval's ends). */
  public Measurement withScore(double newScore) {
    return new Measurement(className, method, params, mode, threads, newScore, error, unit);
  }

  /**
   * Nanoseconds one thread spends per operation: the score itself for time units, and for throughput
   * ({@code ops/s} summed over threads) the inverse scaled by the thread count.
   *
   * @throws IllegalStateException for a unit that is neither time per op nor ops per time
   */
  public double nanosPerOp() {
    String[] parts = unit.split("/");
    if (parts.length == 2 && parts[1].equals("op")) {
      return score * nanosIn(parts[0]);
    }
    if (parts.length == 2 && parts[0].equals("ops")) {
      return threads * nanosIn(parts[1]) / score;
    }
    throw new IllegalStateException("unit " + unit + " of " + className + "." + method
        + " is neither time per op nor ops per time");
  }

  /**
   * What one operation costs, lower is better, for comparing ours with a peer measured the same way:
   * {@link #nanosPerOp()} for time and throughput units, and {@code 1 / score} for any other unit (a
   * figure where higher is better, such as simulated items per second or a quality score).
   */
  public double cost() {
    return isTimeOrThroughput() ? nanosPerOp() : 1.0 / score;
  }

  /** Whether the unit is time per op or ops per time, so {@link #nanosPerOp()} applies. */
  public boolean isTimeOrThroughput() {
    String[] parts = unit.split("/");
    return parts.length == 2 && (parts[1].equals("op") || parts[0].equals("ops")) && isTimeUnit(
        parts[1].equals("op") ? parts[0] : parts[1]);
  }

  private static boolean isTimeUnit(String u) {
    return switch (u) {
      case "ns", "us", "µs", "ms", "s", "min", "hr", "day" -> true;
      default -> false;
    };
  }

  /** The score with its error and unit, as JMH prints it: {@code 12.51 ± 0.30 ns/op}. */
  public String scoreText() {
    String s = formatNumber(score);
    if (!Double.isNaN(error) && error > 0) {
      s += " ± " + formatNumber(error);
    }
    return s + " " + unit;
  }

  /** Parameters as {@code a=x, b=y}. */
  public String paramText() {
    StringBuilder sb = new StringBuilder();
    params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return sb.toString();
  }

  /** {@code 850 ns}, {@code 12.3 µs}, {@code 4.56 ms}. */
  public static String formatNanos(double ns) {
    if (ns < 1_000) {
      return String.format(Locale.ROOT, "%.1f ns", ns);
    } else if (ns < 1_000_000) {
      return String.format(Locale.ROOT, "%.2f µs", ns / 1e3);
    } else if (ns < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
  }

  static String formatNumber(double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 0.1) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static double nanosIn(String timeUnit) {
    return switch (timeUnit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "min" -> 60e9;
      case "hr" -> 3600e9;
      case "day" -> 86400e9;
      default -> throw new IllegalStateException("unknown time unit " + timeUnit);
    };
  }
}
