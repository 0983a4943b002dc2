package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code POST /api/v1/performance/optimize}: what one tuning pass run now did. Immutable.
 *
 * @param at when the pass ran, ISO-8601
 * @param events the events the pass produced (empty when every tunable held)
 * @param pressure the pressures the pass acted on; null when the optimizer has not computed any
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OptimizeDocument(String at, List<TuningEventsDocument.Event> events,
    PerformanceDocument.@Nullable Pressure pressure) {
  /** Copies the list. */
  public OptimizeDocument {
    events = List.copyOf(events);
  }
}
