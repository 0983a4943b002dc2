package dev.optimizer.core;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of every {@link SystemMetric} at an instant. Immutable.
 *
 * @param at when the reading was taken
 * @param values the readings; a metric that could not be read is absent
 * @param collections total garbage collections so far, used to tell a new collection from the last
 */
public record SystemSample(Instant at, Map<SystemMetric, Double> values, long collections) {
  /** Copies {@code values}; nulls are rejected. */
  public SystemSample {
    Objects.requireNonNull(at, "at");
    EnumMap<SystemMetric, Double> copy = new EnumMap<>(SystemMetric.class);
    copy.putAll(Objects.requireNonNull(values, "values"));
    values = java.util.Collections.unmodifiableMap(copy);
  }

  /** The reading of {@code metric}, or 0 when it could not be read. */
  public double value(SystemMetric metric) {
    return values.getOrDefault(metric, 0.0);
  }
}
