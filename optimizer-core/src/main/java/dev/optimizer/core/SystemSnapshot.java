package dev.optimizer.core;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable summary of the monitor window: per {@link SystemMetric}, current, average, max and trend.
 *
 * @param at the time of the newest sample
 * @param samples how many samples the window held
 * @param metrics stats per metric; a metric never read is absent
 * @param collections total garbage collections at the newest sample
 */
public record SystemSnapshot(Instant at, int samples, Map<SystemMetric, MetricStats> metrics,
    long collections) {
  /** An empty snapshot, before the first sample. */
  public static final SystemSnapshot EMPTY = new SystemSnapshot(Instant.EPOCH, 0, Map.of(), 0);

  /** Copies {@code metrics}. */
  public SystemSnapshot {
    Objects.requireNonNull(at, "at");
    EnumMap<SystemMetric, MetricStats> copy = new EnumMap<>(SystemMetric.class);
    copy.putAll(Objects.requireNonNull(metrics, "metrics"));
    metrics = Collections.unmodifiableMap(copy);
  }

  /** Stats of {@code metric}; a metric never read gives all zeros. */
  public MetricStats stats(SystemMetric metric) {
    return metrics.getOrDefault(metric, MetricStats.of(0));
  }

  /** Shorthand for {@code stats(metric).current()}. */
  public double current(SystemMetric metric) {
    return stats(metric).current();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SystemSnapshot at ").append(at).append(" over ")
        .append(samples).append(" samples\n");
    for (Map.Entry<SystemMetric, MetricStats> e : metrics.entrySet()) {
      MetricStats s = e.getValue();
      sb.append(String.format("  %-22s current %12.3f  avg %12.3f  max %12.3f  %s%n", e.getKey(),
          s.current(), s.average(), s.max(), s.trend()));
    }
    return sb.toString();
  }
}
