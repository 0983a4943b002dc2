package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The document of {@code GET /api/v1/compression/stats}: the compression module's engine per algorithm.
 * Immutable.
 *
 * @param currentLevel the level in force now for callers naming none ({@code FAST}, {@code BALANCED},
 *     {@code MAXIMUM}; tuning may step it)
 * @param algorithmChoice {@code AUTO} when {@code compress(data)} chooses by measuring, else the fixed
 *     algorithm
 * @param goal what automatic choice scores for: {@code SPEED}, {@code RATIO} or {@code BALANCED}
 * @param availableAlgorithms algorithms whose codec loaded on this machine
 * @param algorithms per algorithm used so far
 * @param storedUncompressed frames stored uncompressed because the data did not compress enough
 * @param corruptFrames inputs rejected as corrupt, truncated, foreign or over the size limit
 * @param choices the automatic choices in force now per content key ({@code compress(data, contentKey)}),
 *     the most recently used last, at most 100; empty with a fixed algorithm
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CompressionDocument(String currentLevel, String algorithmChoice, String goal,
    List<String> availableAlgorithms, List<AlgorithmFigures> algorithms, long storedUncompressed,
    long corruptFrames, List<KeyChoice> choices) {
  /** Copies the lists. */
  public CompressionDocument {
    availableAlgorithms = List.copyOf(availableAlgorithms);
    algorithms = List.copyOf(algorithms);
    choices = List.copyOf(choices);
  }

  /**
   * The algorithm automatic choice picked for one content key, in force until its recheck interval ends.
   *
   * @param key the content key
   * @param algorithm e.g. {@code ZSTD}, or {@code NONE} when the key's data did not compress enough
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record KeyChoice(String key, String algorithm) {}

  /**
   * One algorithm, both ways.
   *
   * @param algorithm e.g. {@code ZSTD}
   * @param ratio original bytes / compressed bytes over every compression, 0 before any
   * @param compress compression counters
   * @param decompress decompression counters
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record AlgorithmFigures(String algorithm, double ratio, Direction compress, Direction decompress) {}

  /**
   * One direction of one algorithm.
   *
   * @param calls completed calls
   * @param bytesIn bytes consumed
   * @param bytesOut bytes produced
   * @param timeSeconds time spent in the calls, seconds
   * @param mbPerSecond throughput while working: original-side megabytes (10^6 bytes) per second of call time,
   *     0 before any call
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Direction(long calls, long bytesIn, long bytesOut, double timeSeconds, double mbPerSecond) {}
}
