package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One event of {@code GET /api/v1/stream}: the current figures of every route in one document, sent once per
 * stream interval. Immutable.
 *
 * @param at when the snapshot was taken, ISO-8601
 * @param system the current system figures
 * @param cache the cache document, null when the cache module is absent
 * @param batch the batch document, null when the batch module is absent
 * @param compression the compression document, null when the compression module is absent
 * @param lazy the lazy document, null when the lazy module is absent
 * @param tuningEventsTotal tuning events since the optimizer started
 * @param recentEvents the newest tuning events (at most {@value #RECENT_EVENTS}), oldest first
 * @param absentModules per absent module (its name: {@code cache}, {@code batch}, {@code compression},
 *     {@code lazy}), the artifact to add
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotDocument(String at, SystemFigures system, @Nullable CacheDocument cache,
    @Nullable BatchDocument batch, @Nullable CompressionDocument compression, @Nullable LazyDocument lazy,
    long tuningEventsTotal, List<TuningEventsDocument.Event> recentEvents, Map<String, String> absentModules) {
  /** Most tuning events a snapshot carries. */
  public static final int RECENT_EVENTS = 20;

  /** Copies the collections. */
  public SnapshotDocument {
    recentEvents = List.copyOf(recentEvents);
    absentModules = Map.copyOf(absentModules);
  }

  /**
   * The newest system figures.
   *
   * @param systemCpuRatio whole-machine CPU, fraction
   * @param processCpuRatio this process's CPU, fraction
   * @param memoryUsedRatio physical memory in use, fraction
   * @param heapUsedRatio heap in use over its maximum, fraction
   * @param oldGenAfterGcBytes old generation right after the last collection, bytes
   * @param gcTimeRatio fraction of wall time spent in GC since the previous sample
   * @param level the optimization level
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SystemFigures(double systemCpuRatio, double processCpuRatio, double memoryUsedRatio,
      double heapUsedRatio, double oldGenAfterGcBytes, double gcTimeRatio, String level) {}
}
