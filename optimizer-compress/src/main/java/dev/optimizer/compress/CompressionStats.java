package dev.optimizer.compress;

import java.time.Duration;
import java.util.Map;

/**
 * Counters of a {@link CompressionEngine} since creation. Immutable snapshot.
 *
 * @param compress per algorithm, compression counters (only algorithms used so far)
 * @param decompress per algorithm, decompression counters (only algorithms used so far)
 * @param storedUncompressed frames stored with NONE because the data did not compress enough
 * @param corruptFrames inputs rejected as corrupt, truncated, foreign or over the size limit
 * @param currentLevel the level in force for callers naming none
 * @param choices the automatic choices in force now, by content key ({@code compress(data, contentKey)}):
 *     those still within the recheck interval, the most recently used last, at most {@link #MAX_CHOICES};
 *     empty with a fixed algorithm
 */
public record CompressionStats(Map<Algorithm, DirectionStats> compress, Map<Algorithm, DirectionStats> decompress,
    long storedUncompressed, long corruptFrames, Level currentLevel, Map<String, Algorithm> choices) {
  /** Most content keys {@link #choices()} lists. */
  public static final int MAX_CHOICES = 100;

  /** Copies the maps; {@code choices} keeps its iteration order. */
  public CompressionStats {
    compress = Map.copyOf(compress);
    decompress = Map.copyOf(decompress);
    choices = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(choices));
  }

  /**
   * One algorithm in one direction.
   *
   * @param calls completed calls
   * @param bytesIn bytes consumed (original bytes when compressing, frame bytes when decompressing)
   * @param bytesOut bytes produced
   * @param time total time spent in the calls
   */
  public record DirectionStats(long calls, long bytesIn, long bytesOut, Duration time) {
    /** Original size / compressed size over all calls; 0 before any call. */
    public double ratio(boolean compressing) {
      long original = compressing ? bytesIn : bytesOut;
      long compressed = compressing ? bytesOut : bytesIn;
      return compressed == 0 ? 0 : (double) original / compressed;
    }
  }
}
