package dev.optimizer.core;

/**
 * Summary of one {@link SystemMetric} over the monitor window.
 *
 * @param current the newest sample
 * @param average the mean of the window
 * @param max the largest sample in the window
 * @param slope least-squares slope, in the metric's unit per sample (positive when rising)
 * @param trend {@link #slope()} classified
 */
public record MetricStats(double current, double average, double max, double slope, Trend trend) {
  /** Stats for a metric with a single sample {@code value}. */
  public static MetricStats of(double value) {
    return new MetricStats(value, value, value, 0, Trend.STABLE);
  }
}
