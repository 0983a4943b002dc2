package dev.optimizer.lazy.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Meters of one lazy registry, tagged {@code registry=<name>}, per value also {@code key=<key>}:
 * <ul>
 *   <li>{@code optimizer.lazy.loads} (counter) successful loads;
 *   <li>{@code optimizer.lazy.failures} (counter) failed loads;
 *   <li>{@code optimizer.lazy.load.time} (timer) every load attempt's duration;
 *   <li>{@code optimizer.lazy.stale.serves} (counter) stale values served by CACHED values;
 *   <li>{@code optimizer.lazy.preload.queue} (gauge) preloads waiting to start;
 *   <li>{@code optimizer.lazy.preload.paused} (gauge) 1 while preloading is paused.
 * </ul>
 * Values registered after {@link #bindTo} are bound as they come. Thread-safe.
 */
public final class LazyMeterBinder implements MeterBinder {
  private final String registryName;
  private final PreloadScheduler scheduler;
  private final Map<String, LoadCounters> values = new ConcurrentHashMap<>();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

  /**
   * @param registryName the {@code registry} tag
   * @param scheduler the preload queue to report
   */
  public LazyMeterBinder(String registryName, PreloadScheduler scheduler) {
    this.registryName = registryName;
    this.scheduler = scheduler;
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    // The module binds its context's registry and Spring binds every MeterBinder bean to the same one: once.
    for (MeterRegistry r : registries) {
      if (r == registry) {
        return;
      }
    }
    registries.add(registry);
    Tags tags = Tags.of("registry", registryName);
    Gauge.builder("optimizer.lazy.preload.queue", scheduler, PreloadScheduler::queueDepth)
        .description("Preloads waiting to start").tags(tags).register(registry);
    Gauge.builder("optimizer.lazy.preload.paused", scheduler, s -> s.isPaused() ? 1 : 0)
        .description("1 while preloading is paused under CPU pressure").tags(tags).register(registry);
    values.forEach((key, counters) -> bindValue(registry, key, counters));
  }

  /** Adds one value's meters to every bound registry. */
  public void add(String key, LoadCounters counters) {
    values.put(key, counters);
    for (MeterRegistry r : registries) {
      bindValue(r, key, counters);
    }
  }

  /** Removes one value's meters from every bound registry. */
  public void remove(String key) {
    values.remove(key);
    List<Meter> gone = meters.remove(key);
    if (gone != null) {
      for (Meter m : gone) {
        for (MeterRegistry r : registries) {
          r.remove(m);
        }
      }
    }
  }

  /** Removes every meter this binder registered. */
  public void unbindAll() {
    for (String key : List.copyOf(values.keySet())) {
      remove(key);
    }
    Tags tags = Tags.of("registry", registryName);
    for (MeterRegistry r : registries) {
      Gauge q = r.find("optimizer.lazy.preload.queue").tags(tags).gauge();
      Gauge p = r.find("optimizer.lazy.preload.paused").tags(tags).gauge();
      if (q != null) {
        r.remove(q);
      }
      if (p != null) {
        r.remove(p);
      }
    }
    registries.clear();
  }

  private void bindValue(MeterRegistry registry, String key, LoadCounters c) {
    Tags tags = Tags.of("registry", registryName, "key", key);
    List<Meter> made = new ArrayList<>(4);
    made.add(FunctionCounter.builder("optimizer.lazy.loads", c, LoadCounters::loads)
        .description("Successful loads").tags(tags).register(registry));
    made.add(FunctionCounter.builder("optimizer.lazy.failures", c, LoadCounters::failures)
        .description("Failed loads (not memoized)").tags(tags).register(registry));
    made.add(FunctionCounter.builder("optimizer.lazy.stale.serves", c, LoadCounters::staleServes)
        .description("Stale values served while a refresh ran").tags(tags).register(registry));
    made.add(FunctionTimer.builder("optimizer.lazy.load.time", c, LoadCounters::attempts,
            LoadCounters::loadNanos, TimeUnit.NANOSECONDS)
        .description("Duration of load attempts").tags(tags).register(registry));
    meters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).addAll(made);
  }
}
