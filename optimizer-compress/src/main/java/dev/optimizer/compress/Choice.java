package dev.optimizer.compress;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link CompressionEngine#choose(byte[], Goal)}. Immutable.
 *
 * @param algorithm the chosen algorithm, {@link Algorithm#NONE} when nothing compresses enough
 * @param level the level the candidates were measured at
 * @param goal the goal scored for
 * @param candidates every measured candidate, best score first
 */
public record Choice(Algorithm algorithm, Level level, Goal goal, List<Candidate> candidates) {
  /** Copies the list. */
  public Choice {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(goal, "goal");
    candidates = List.copyOf(candidates);
  }

  /**
   * One candidate's measurement on the sample.
   *
   * @param algorithm the algorithm
   * @param ratio input bytes / output bytes (higher is better)
   * @param compressMbPerSecond compression throughput, MB (10^6 bytes) of input per second
   * @param decompressMbPerSecond decompression throughput, MB of original per second
   * @param eligible whether the ratio reached the configured minimum
   * @param score the goal's score (see {@link CompressionEngine#choose}); 0 when not eligible
   */
  public record Candidate(Algorithm algorithm, double ratio, double compressMbPerSecond,
      double decompressMbPerSecond, boolean eligible, double score) {}
}
