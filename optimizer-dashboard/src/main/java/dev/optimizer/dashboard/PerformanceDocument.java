package dev.optimizer.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code GET /api/v1/performance/stats}: the system figures, the pressures, the level and the
 * tunables. Immutable.
 *
 * @param at time of the newest sample, ISO-8601 ({@code 1970-01-01T00:00:00Z} before the first)
 * @param profile the configured profile, e.g. {@code PRODUCTION}
 * @param level the optimization level, e.g. {@code ADVANCED}
 * @param samples samples in the monitor window
 * @param collections garbage collections at the newest sample
 * @param monitorFailures samples that failed
 * @param figures per system figure, keyed by its name with its unit ({@code system_cpu_ratio},
 *     {@code process_cpu_ratio}, {@code memory_used_ratio}, {@code swap_used_ratio},
 *     {@code disk_read_bytes_per_second}, {@code disk_write_bytes_per_second},
 *     {@code network_receive_bytes_per_second}, {@code network_send_bytes_per_second}, {@code heap_used_ratio},
 *     {@code old_gen_after_gc_bytes}, {@code gc_time_ratio}); a figure never read is absent
 * @param pressure the last tuning pass's pressures, null before the first pass
 * @param cpuThresholdRatio configured CPU threshold, fraction
 * @param memoryThresholdRatio configured memory threshold, fraction
 * @param tunables the registered tunables and the settings tuning has moved
 * @param tuningEventsTotal tuning events since the optimizer started
 * @param modules the started modules, in chain order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PerformanceDocument(String at, String profile, String level, int samples, long collections,
    long monitorFailures, Map<String, Figure> figures, @Nullable Pressure pressure, double cpuThresholdRatio,
    double memoryThresholdRatio, List<TunableState> tunables, long tuningEventsTotal, List<String> modules) {

  /** Copies the collections. */
  public PerformanceDocument {
    figures = Map.copyOf(figures);
    tunables = List.copyOf(tunables);
    modules = List.copyOf(modules);
  }

  /**
   * One system figure over the monitor window, in the unit its key names.
   *
   * @param current the newest sample
   * @param average mean of the window
   * @param max largest sample of the window
   * @param slopePerSample least-squares slope, unit per sample
   * @param trend {@code RISING}, {@code STABLE} or {@code FALLING}
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Figure(double current, double average, double max, double slopePerSample, String trend) {}

  /**
   * The pressures the tuning loop last acted on.
   *
   * @param cpuRatio higher of system and process CPU, fraction
   * @param memoryRatio higher of physical memory and heap use, fraction
   * @param cpuHigh CPU at or above its threshold
   * @param memoryHigh memory at or above its threshold
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Pressure(double cpuRatio, double memoryRatio, boolean cpuHigh, boolean memoryHigh) {}

  /**
   * A registered tunable and the current value of each setting tuning has moved (taken from its latest
   * event). A setting absent from {@code changed} is at its configured baseline.
   *
   * @param name the tunable's name, e.g. {@code cache.users}
   * @param changed latest value per moved setting
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TunableState(String name, List<SettingValue> changed) {
    /** Copies the list. */
    public TunableState {
      changed = List.copyOf(changed);
    }
  }

  /**
   * The current value of one tuned setting.
   *
   * @param target what was changed, e.g. {@code cache.users.l1}
   * @param setting which setting, e.g. {@code maximumSize}
   * @param value its value now, as text
   * @param since when it took that value, ISO-8601
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SettingValue(String target, String setting, String value, String since) {}
}
