package dev.optimizer.compress;

/**
 * What automatic selection optimizes for; see {@link CompressionEngine#choose(byte[], Goal)} for the
 * scores.
 */
public enum Goal {
  /** Highest combined compression + decompression throughput among the candidates that compress. */
  SPEED,
  /** Smallest output. */
  RATIO,
  /** Ratio weighed against speed: ratio x log2(1 + speed). */
  BALANCED;

  /**
   * The score automatic selection maximizes for this goal (higher is better).
   *
   * @param ratio input bytes / output bytes
   * @param mbPerSecond input MB (10^6 bytes) / (compression + decompression seconds)
   */
  public double score(double ratio, double mbPerSecond) {
    return switch (this) {
      case SPEED -> mbPerSecond;
      case RATIO -> ratio;
      case BALANCED -> ratio * (Math.log1p(mbPerSecond) / Math.log(2));
    };
  }
}
