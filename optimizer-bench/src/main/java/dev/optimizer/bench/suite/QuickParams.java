package dev.optimizer.bench.suite;

import dev.optimizer.bench.report.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which {@code @Param} values quick mode runs, per class. Two sources: the target table (only the values
 * a row compares, when every row of the class pins that parameter) and the explicit subsets below, which
 * win. Full mode ignores both and runs every declared value.
 */
public final class QuickParams {
  private static final String BENCH = "dev.optimizer.bench.";

  /**
   * Explicit quick subsets: class name, then parameter, then the values to run. Keep the suite inside its
   * five-minute budget by trimming corpora and sizes here rather than in the benchmark classes.
   */
  static final Map<String, Map<String, List<String>>> SUBSETS = Map.of(
      BENCH + "compress.EngineVsRawBench", Map.of("algorithm", List.of("LZ4", "ZSTD")),
      BENCH + "compress.ParallelBlocksBench", Map.of("algorithm", List.of("ZSTD")));

  /**
   * Classes quick mode leaves out, with the reason the report gives. A class belongs here when even its
   * smallest useful run is a large share of the five minutes.
   */
  static final Map<String, String> SKIPPED = Map.of(
      BENCH + "batch.AdaptiveBatchBench",
      "not run in quick mode: a 15-run sweep of the real processor (run --full)");

  /**
   * Warm-up per fork, in milliseconds, that quick mode gives a class known to need more than the fitted
   * budget's (its time comes out of the cap before the other classes' iterations are fitted), with the
   * reason its rows give if they still miss. Issue 12: {@code CacheAnnotatedHitBench}'s proxy-plus-cache
   * path measured 0.30x Caffeine after a 550 ms warm-up and 0.65x after 4 x 1 s (same fork settings
   * otherwise, load average 6.5 on 2 shared cores), against a target of 0.5x.
   */
  static final Map<String, Warmup> WARMUPS = Map.of(
      BENCH + "cache.CacheAnnotatedHitBench", new Warmup(4000,
          "the proxy-plus-cache path reaches its steady state after about 4 s of warm-up"));

  /** A longer quick-mode warm-up, and why. */
  record Warmup(long millis, String reason) {}

  /** The warm-up per fork quick mode gives {@code className}, milliseconds; 0 for the budget's own. */
  public static long warmupMillis(String className) {
    Warmup w = WARMUPS.get(className);
    return w == null ? 0 : w.millis();
  }

  /**
   * Why a quick-mode figure of {@code className} that misses its target is no verdict ("needs --full"),
   * or null when a quick miss is a miss.
   */
  public static @Nullable String needsFullReason(String className) {
    Warmup w = WARMUPS.get(className);
    return w == null ? null : w.reason();
  }

  /** Why quick mode leaves {@code className} out, or null when it runs it. */
  public static @Nullable String skipReason(String className) {
    return SKIPPED.get(className);
  }

  private QuickParams() {}

  /**
   * The parameter values to run for {@code type} in quick mode; a parameter absent from the map runs all
   * its declared values. Values not declared by the class are dropped (JMH would reject them).
   */
  public static Map<String, List<String>> select(BenchmarkClass type, List<Target> targets) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<Target> mine = targets.stream().filter(t -> t.benchmarkClass().equals(type.className())).toList();
    for (Map.Entry<String, List<String>> p : type.params().entrySet()) {
      String name = p.getKey();
      @Nullable Set<String> wanted = fromTargets(type, name, mine);
      Map<String, List<String>> explicit = SUBSETS.getOrDefault(type.className(), Map.of());
      if (explicit.containsKey(name)) {
        wanted = new LinkedHashSet<>(explicit.get(name));
      }
      if (wanted != null) {
        List<String> declared = new ArrayList<>(p.getValue());
        declared.retainAll(wanted);
        if (!declared.isEmpty()) {
          out.put(name, declared);
        }
      }
    }
    return out;
  }

  /** Values the rows need, or null when some row needs them all (it does not pin the parameter). */
  private static @Nullable Set<String> fromTargets(BenchmarkClass type, String name, List<Target> rows) {
    if (rows.isEmpty()) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (Target t : rows) {
      String compared = t.param() != null ? t.param() : comparedParam(type, t);
      if (name.equals(compared)) {
        values.add(t.ours());
        type.params().get(name).stream().filter(t::matchesPeer).forEach(values::add);
      } else if (t.fixed().containsKey(name)) {
        values.add(t.fixed().get(name));
      } else {
        return null;
      }
    }
    return values;
  }

  /** The parameter whose declared values hold both the row's values; null when none does. */
  public static @Nullable String comparedParam(BenchmarkClass type, Target t) {
    for (Map.Entry<String, List<String>> p : type.params().entrySet()) {
      if (p.getValue().contains(t.ours())
          && (t.peer() == null || p.getValue().stream().anyMatch(t::matchesPeer))) {
        return p.getKey();
      }
    }
    return null;
  }
}
