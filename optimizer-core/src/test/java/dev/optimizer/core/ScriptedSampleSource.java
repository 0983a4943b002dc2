package dev.optimizer.core;

import dev.optimizer.core.spi.SampleSource;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** A sample source whose figures the test sets before each pass: deterministic pressure. */
final class ScriptedSampleSource implements SampleSource {
  private final Map<SystemMetric, Double> values = new EnumMap<>(SystemMetric.class);
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private long collections;

  ScriptedSampleSource set(SystemMetric metric, double value) {
    values.put(metric, value);
    return this;
  }

  ScriptedSampleSource collect(long oldGenAfterGc) {
    collections++;
    values.put(SystemMetric.OLD_GEN_AFTER_GC, (double) oldGenAfterGc);
    return this;
  }

  @Override
  public synchronized SystemSample sample() {
    now = now.plus(Duration.ofSeconds(1));
    return new SystemSample(now, values, collections);
  }
}
