package dev.optimizer.bench.compress;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Choice;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.Goal;
import dev.optimizer.compress.Level;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How good automatic selection is: for each corpus and goal, the engine's {@code choose} (measured on its
 * default 64 KiB sample) against a careful re-measurement of every candidate on the whole 1 MiB corpus
 * (best of at least 5 runs or 0.5 s each way), scored with {@link Goal#score}. Target (issue 3): the
 * chosen algorithm's score within 5% of the best candidate's ({@code quality >= 0.95}). When the choice is
 * NONE, the quality is 1 if no candidate reaches the minimum ratio. A plain measured report, not JMH:
 * what matters is the choice, and timing enters only through the score.
 *
 * <p>Run:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar dev.optimizer.bench.compress.SelectionQualityReport
 * </pre>
 */
public final class SelectionQualityReport {
  /** The suite group this class belongs to. */
  public static final String GROUP = "compress";

  private SelectionQualityReport() {}

  /**
   * One corpus and goal.
   *
   * @param corpus the corpus
   * @param goal the goal
   * @param chosen what {@code choose} picked
   * @param best the best candidate by re-measurement
   * @param quality chosen score / best score (1 when they agree)
   */
  public record Row(CompressionCorpus corpus, Goal goal, Algorithm chosen, Algorithm best, double quality) {}

  /** Measures every corpus and goal. */
  public static List<Row> run() {
    List<Row> rows = new ArrayList<>();
    try (CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom().workers(1)
        .parallelThreshold(Integer.MAX_VALUE).build())) {
      for (CompressionCorpus corpus : CompressionCorpus.values()) {
        byte[] data = corpus.bytes();
        Map<Algorithm, double[]> measured = measureAll(engine, data);
        for (Goal goal : Goal.values()) {
          Algorithm chosen = engine.choose(data, goal).algorithm();
          Algorithm best = Algorithm.NONE;
          double bestScore = 0;
          for (Map.Entry<Algorithm, double[]> e : measured.entrySet()) {
            double[] m = e.getValue();
            if (m[0] >= engine.config().minCompressRatio()) {
              double score = goal.score(m[0], m[1]);
              if (score > bestScore) {
                bestScore = score;
                best = e.getKey();
              }
            }
          }
          double quality;
          if (chosen == Algorithm.NONE || best == Algorithm.NONE) {
            quality = chosen == best ? 1 : 0;
          } else {
            double[] m = measured.get(chosen);
            quality = goal.score(m[0], m[1]) / bestScore;
          }
          rows.add(new Row(corpus, goal, chosen, best, quality));
        }
      }
    }
    return rows;
  }

  /** Per algorithm: {ratio, combined MB/s}. */
  private static Map<Algorithm, double[]> measureAll(CompressionEngine engine, byte[] data) {
    Map<Algorithm, double[]> out = new EnumMap<>(Algorithm.class);
    Level level = engine.currentLevel();
    for (Algorithm a : engine.config().candidates()) {
      if (!engine.availableAlgorithms().contains(a)) {
        continue;
      }
      byte[][] frame = new byte[1][];
      double c = bestNanos(() -> frame[0] = engine.compress(data, a, level));
      double d = bestNanos(() -> engine.decompress(frame[0]));
      out.put(a, new double[] {(double) data.length / frame[0].length, data.length / 1e6 / ((c + d) / 1e9)});
    }
    return out;
  }

  private static double bestNanos(Runnable op) {
    op.run();
    long best = Long.MAX_VALUE;
    long start = System.nanoTime();
    for (int i = 0; i < 5 || System.nanoTime() - start < 500_000_000L; i++) {
      long t0 = System.nanoTime();
      op.run();
      best = Math.min(best, System.nanoTime() - t0);
      if (i >= 200) {
        break;
      }
    }
    return best;
  }

  /** Prints the report as a Markdown table. */
  public static void main(String[] args) {
    List<Row> rows = run();
    StringBuilder sb = new StringBuilder("| corpus | goal | chosen | best measured | quality |\n|---|---|---|---|---|\n");
    int ok = 0;
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.3f%s |%n", r.corpus(), r.goal(), r.chosen(),
          r.best(), r.quality(), r.quality() >= 0.95 ? "" : " (below 0.95)"));
      ok += r.quality() >= 0.95 ? 1 : 0;
    }
    sb.append(String.format(Locale.ROOT, "%n%d of %d within 5%% of the best candidate%n", ok, rows.size()));
    System.out.print(sb);
  }
}
