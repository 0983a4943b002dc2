package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The document of {@code GET /api/v1/tuning/events}: the latest tuning events. Immutable.
 *
 * @param total events since the optimizer started (the list holds the newest of them)
 * @param events the newest events, oldest first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TuningEventsDocument(long total, List<Event> events) {
  /** Copies the list. */
  public TuningEventsDocument {
    events = List.copyOf(events);
  }

  /**
   * One change made by the tuning loop (or a finding such as a suspected leak).
   *
   * @param at when, ISO-8601
   * @param target what was changed, e.g. {@code batch.workers}
   * @param setting which setting
   * @param from value before, as text
   * @param to value after, as text
   * @param reason why, in words
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Event(String at, String target, String setting, String from, String to, String reason) {}
}
