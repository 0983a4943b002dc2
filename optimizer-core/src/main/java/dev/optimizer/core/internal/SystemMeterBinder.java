package dev.optimizer.core.internal;

import dev.optimizer.core.SystemMetric;
import dev.optimizer.core.SystemMonitor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Publishes the monitor's current figures as {@code optimizer.system.*} gauges. */
public final class SystemMeterBinder implements MeterBinder {
  private final SystemMonitor monitor;

  public SystemMeterBinder(SystemMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (SystemMetric metric : SystemMetric.values()) {
      Gauge.builder(metric.meterName(), monitor, m -> m.snapshot().current(metric))
          .description(metric.name() + " (" + metric.unit() + ")")
          .baseUnit(metric.unit())
          .register(registry);
    }
    Gauge.builder("optimizer.system.monitor.failures", monitor, SystemMonitor::failures)
        .description("Samples or snapshot listeners that failed")
        .register(registry);
  }
}
