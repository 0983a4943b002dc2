package dev.optimizer.core.internal;

import dev.optimizer.core.MetricStats;
import dev.optimizer.core.SystemMetric;
import dev.optimizer.core.SystemSample;
import dev.optimizer.core.SystemSnapshot;
import dev.optimizer.core.Trend;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Turns a window of samples into a snapshot: current, mean, max and least-squares slope per metric. */
public final class WindowStats {
  /** A slope below this fraction of the mean per sample counts as flat, so noise is not a trend. */
  private static final double FLAT = 0.01;

  private WindowStats() {}

  public static SystemSnapshot summarize(List<SystemSample> window) {
    if (window.isEmpty()) {
      return SystemSnapshot.EMPTY;
    }
    SystemSample newest = window.get(window.size() - 1);
    Map<SystemMetric, MetricStats> out = new EnumMap<>(SystemMetric.class);
    for (SystemMetric m : SystemMetric.values()) {
      if (!newest.values().containsKey(m)) {
        continue;
      }
      int n = 0;
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      double sx = 0;
      double sxy = 0;
      double sxx = 0;
      for (SystemSample s : window) {
        Double v = s.values().get(m);
        if (v == null) {
          continue;
        }
        sum += v;
        max = Math.max(max, v);
        sx += n;
        sxy += n * v;
        sxx += (double) n * n;
        n++;
      }
      double mean = sum / n;
      double denom = n * sxx - sx * sx;
      double slope = n < 2 || denom == 0 ? 0 : (n * sxy - sx * sum) / denom;
      double scale = Math.max(Math.abs(mean), 1e-9);
      Trend trend = slope > FLAT * scale ? Trend.RISING
          : slope < -FLAT * scale ? Trend.FALLING : Trend.STABLE;
      out.put(m, new MetricStats(newest.value(m), mean, max, slope, trend));
    }
    return new SystemSnapshot(newest.at(), window.size(), out, newest.collections());
  }
}
