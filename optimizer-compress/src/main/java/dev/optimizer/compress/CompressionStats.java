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
 */
public record CompressionStats(Map<Algorithm, DirectionStats> compress, Map<Algorithm, DirectionStats> decompress,
    long storedUncompressed, long corruptFrames, Level currentLevel) {
  /** Copies the maps. */
  public CompressionStats {
    compress = Map.copyOf(compress);
    decompress = Map.copyOf(decompress);
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
