package dev.optimizer.core;

import java.util.List;
import java.util.Map;

/**
 * A performance summary: the system figures and what tuning did. Immutable.
 *
 * @param config the configuration in force
 * @param snapshot current, average, max and trend of each system figure
 * @param pressure the last tuning pass's pressure, or null before the first pass
 * @param tuningEvents all tuning events so far
 * @param recentEvents the newest events, oldest first
 * @param tunables names of registered tunables
 * @param modules names of started modules
 * @param monitorFailures samples that failed
 */
public record OptimizerStats(OptimizerConfig config, SystemSnapshot snapshot,
    @org.jspecify.annotations.Nullable Pressure pressure, long tuningEvents, List<TuningEvent> recentEvents,
    List<String> tunables, List<String> modules, long monitorFailures) {

  /** A multi-line summary for people. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("Optimizer: profile ").append(config.profile()).append(", level ").append(config.level())
        .append(", modules ").append(modules).append('\n');
    if (pressure != null) {
      sb.append(String.format("Pressure: cpu %.0f%% (threshold %.0f%%), memory %.0f%% (threshold %.0f%%)%n",
          pressure.cpu() * 100, pressure.cpuThreshold() * 100, pressure.memory() * 100,
          pressure.memoryThreshold() * 100));
    }
    sb.append(snapshot);
    sb.append("Tunables: ").append(tunables).append('\n');
    sb.append("Tuning events: ").append(tuningEvents).append('\n');
    for (TuningEvent e : recentEvents) {
      sb.append("  ").append(e).append('\n');
    }
    return sb.toString();
  }

  /** Map form of the current figures, for quick assertions and logs. */
  public Map<SystemMetric, Double> current() {
    java.util.EnumMap<SystemMetric, Double> m = new java.util.EnumMap<>(SystemMetric.class);
    snapshot.metrics().forEach((k, v) -> m.put(k, v.current()));
    return m;
  }
}
