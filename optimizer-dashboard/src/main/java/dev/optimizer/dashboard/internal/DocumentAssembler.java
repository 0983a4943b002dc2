package dev.optimizer.dashboard.internal;

import dev.optimizer.core.MetricStats;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerStats;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.SystemMetric;
import dev.optimizer.core.SystemSnapshot;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.TuningEvent;
import dev.optimizer.dashboard.BatchDocument;
import dev.optimizer.dashboard.CacheDocument;
import dev.optimizer.dashboard.ClearCacheDocument;
import dev.optimizer.dashboard.CompressionDocument;
import dev.optimizer.dashboard.JobDocument;
import dev.optimizer.dashboard.LazyDocument;
import dev.optimizer.dashboard.ModuleAbsentException;
import dev.optimizer.dashboard.OptimizeDocument;
import dev.optimizer.dashboard.PerformanceDocument;
import dev.optimizer.dashboard.SnapshotDocument;
import dev.optimizer.dashboard.TuningEventsDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the documents {@code OperationsDocuments} promises. A module's reader class is loaded only when the
 * module's jar is on the classpath, so the dashboard runs with any subset of the modules. Thread-safe.
 */
public final class DocumentAssembler {
  /** Module name to the artifact that brings it. */
  private static final Map<String, String> ARTIFACTS = Map.of("cache", "dev.optimizer:optimizer-cache", "batch",
      "dev.optimizer:optimizer-batch", "compression", "dev.optimizer:optimizer-compress", "lazy",
      "dev.optimizer:optimizer-lazy");

  private final Optimizer optimizer;
  private final Ticker ticker;
  private final MeterReader meters;
  private final @Nullable CacheReader cache;
  private final @Nullable BatchReader batch;
  private final @Nullable CompressionReader compression;
  private final @Nullable LazyReader lazy;

  /** Reads {@code optimizer}; rates are measured with {@code ticker}. */
  public DocumentAssembler(Optimizer optimizer, Ticker ticker) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.meters = new MeterReader(optimizer.meterRegistry());
    this.cache = present("dev.optimizer.cache.CacheModule") ? new CacheReader(optimizer) : null;
    this.batch = present("dev.optimizer.batch.BatchModule") ? new BatchReader(optimizer, ticker) : null;
    this.compression = present("dev.optimizer.compress.CompressionModule") ? new CompressionReader(optimizer)
        : null;
    this.lazy = present("dev.optimizer.lazy.LazyModule") ? new LazyReader(optimizer) : null;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, DocumentAssembler.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static ModuleAbsentException absent(String module) {
    return new ModuleAbsentException(module, ARTIFACTS.get(module));
  }

  public PerformanceDocument performance() {
    OptimizerStats s = optimizer.stats();
    SystemSnapshot snap = s.snapshot();
    Map<String, PerformanceDocument.Figure> figures = new LinkedHashMap<>();
    for (Map.Entry<SystemMetric, MetricStats> e : snap.metrics().entrySet()) {
      MetricStats m = e.getValue();
      figures.put(figureName(e.getKey()), new PerformanceDocument.Figure(m.current(), m.average(), m.max(),
          m.slope(), m.trend().name()));
    }
    return new PerformanceDocument(snap.at().toString(), s.config().profile().name(), s.config().level().name(),
        snap.samples(), snap.collections(), s.monitorFailures(), figures, pressure(s.pressure()),
        s.config().cpuThreshold(), s.config().memoryThreshold(), tunables(s), s.tuningEvents(), s.modules());
  }

  /** {@code SYSTEM_CPU} becomes {@code system_cpu_ratio}, {@code DISK_READ_RATE} {@code disk_read_bytes_per_second}. */
  static String figureName(SystemMetric metric) {
    String base = metric.name().toLowerCase(Locale.ROOT);
    switch (metric.unit()) {
      case "ratio":
        return base + "_ratio";
      case "bytes/s":
        return base.replaceFirst("_rate$", "") + "_bytes_per_second";
      case "bytes":
        return base + "_bytes";
      default:
        return base;
    }
  }

  private static PerformanceDocument.@Nullable Pressure pressure(@Nullable Pressure p) {
    return p == null ? null : new PerformanceDocument.Pressure(p.cpu(), p.memory(), p.cpuHigh(), p.memoryHigh());
  }

  private static List<PerformanceDocument.TunableState> tunables(OptimizerStats s) {
    List<PerformanceDocument.TunableState> out = new ArrayList<>();
    for (String name : s.tunables()) {
      // The latest event per target and setting is the setting's current value; events are oldest first.
      Map<String, PerformanceDocument.SettingValue> latest = new TreeMap<>();
      for (TuningEvent e : s.recentEvents()) {
        if (e.target().equals(name) || e.target().startsWith(name + ".")) {
          latest.put(e.target() + "\u0000" + e.setting(),
              new PerformanceDocument.SettingValue(e.target(), e.setting(), e.to(), e.at().toString()));
        }
      }
      out.add(new PerformanceDocument.TunableState(name, new ArrayList<>(latest.values())));
    }
    return out;
  }

  public CacheDocument cache() {
    CacheReader r = cache;
    if (r == null || !r.started()) {
      throw absent("cache");
    }
    return new CacheDocument(r.caches(), meters.redisServers());
  }

  public ClearCacheDocument clearCache(@Nullable String cacheName, @Nullable String pattern) {
    CacheReader r = cache;
    if (r == null || !r.started()) {
      throw absent("cache");
    }
    return r.clear(cacheName, pattern);
  }

  public BatchDocument batch() {
    BatchReader r = batch;
    if (r == null || !r.started()) {
      throw absent("batch");
    }
    return new BatchDocument(r.processor(), meters.coalescers());
  }

  public JobDocument job(String id) {
    Objects.requireNonNull(id, "id");
    BatchReader r = batch;
    if (r == null || !r.started()) {
      throw absent("batch");
    }
    return r.job(id);
  }

  public CompressionDocument compression() {
    CompressionReader r = compression;
    if (r == null || !r.started()) {
      throw absent("compression");
    }
    return r.document();
  }

  public LazyDocument lazy() {
    LazyReader r = lazy;
    if (r == null || !r.started()) {
      throw absent("lazy");
    }
    return r.document();
  }

  public TuningEventsDocument tuningEvents(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    List<TuningEvent> recent = optimizer.tuning().recentEvents();
    return new TuningEventsDocument(optimizer.tuning().eventCount(),
        events(recent.subList(Math.max(0, recent.size() - max), recent.size())));
  }

  static List<TuningEventsDocument.Event> events(List<TuningEvent> events) {
    List<TuningEventsDocument.Event> out = new ArrayList<>(events.size());
    for (TuningEvent e : events) {
      out.add(new TuningEventsDocument.Event(e.at().toString(), e.target(), e.setting(), e.from(), e.to(),
          e.reason()));
    }
    return out;
  }

  public OptimizeDocument optimize() {
    List<TuningEvent> events = optimizer.optimizeNow();
    return new OptimizeDocument(Instant.ofEpochMilli(ticker.wallMillis()).toString(), events(events),
        pressure(optimizer.tuning().lastPressure()));
  }

  public SnapshotDocument snapshot() {
    SystemSnapshot snap = optimizer.monitor().snapshot();
    SnapshotDocument.SystemFigures system = new SnapshotDocument.SystemFigures(
        snap.current(SystemMetric.SYSTEM_CPU), snap.current(SystemMetric.PROCESS_CPU),
        snap.current(SystemMetric.MEMORY_USED), snap.current(SystemMetric.HEAP_USED),
        snap.current(SystemMetric.OLD_GEN_AFTER_GC), snap.current(SystemMetric.GC_TIME),
        optimizer.config().level().name());
    Map<String, String> absent = new TreeMap<>();
    CacheDocument c = orAbsent("cache", this::cache, absent);
    BatchDocument b = orAbsent("batch", this::batch, absent);
    CompressionDocument z = orAbsent("compression", this::compression, absent);
    LazyDocument l = orAbsent("lazy", this::lazy, absent);
    List<TuningEvent> recent = optimizer.tuning().recentEvents();
    return new SnapshotDocument(Instant.ofEpochMilli(ticker.wallMillis()).toString(), system, c, b, z, l,
        optimizer.tuning().eventCount(),
        events(recent.subList(Math.max(0, recent.size() - SnapshotDocument.RECENT_EVENTS), recent.size())),
        absent);
  }

  private static <T> @Nullable T orAbsent(String module, java.util.function.Supplier<T> read,
      Map<String, String> absent) {
    try {
      return read.get();
    } catch (ModuleAbsentException e) {
      absent.put(module, e.artifact());
      return null;
    }
  }
}
