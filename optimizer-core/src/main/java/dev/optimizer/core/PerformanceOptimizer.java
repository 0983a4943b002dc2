package dev.optimizer.core;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tuning loop: turns each {@link SystemSnapshot} into a {@link Pressure} and asks every registered
 * {@link Tunable} to react; watches old-generation usage after GC for leaks.
 *
 * <p>Every change is a {@link TuningEvent}, logged at INFO, counted in {@code optimizer.tuning.events}
 * (tags {@code target}, {@code setting}), kept in a bounded history ({@link #recentEvents()}) and delivered
 * to listeners. A tunable that throws is logged and counted in {@code optimizer.tuning.failures}, and the
 * others still run. {@link #evaluate} is serialised: one pass at a time. Thread-safe.
 */
public final class PerformanceOptimizer {
  private static final Logger log = LoggerFactory.getLogger(PerformanceOptimizer.class);
  private static final int HISTORY = 200;

  private final OptimizerConfig config;
  private final MeterRegistry registry;
  private final Ticker ticker;
  private final List<Tunable> tunables = new CopyOnWriteArrayList<>();
  private final List<TuningListener> listeners = new CopyOnWriteArrayList<>();
  private final ArrayDeque<TuningEvent> history = new ArrayDeque<>();
  private final AtomicLong eventCount = new AtomicLong();
  private final LongAdder failures = new LongAdder();
  private volatile @Nullable Pressure lastPressure;
  private volatile List<TuningEvent> lastPassEvents = List.of();

  // Leak detection state, touched only inside evaluate (serialised).
  private long lastCollections = -1;
  private double lastOldGen = -1;
  private int rises;
  private boolean leakReported;

  /**
   * @param config thresholds, level and leak detection window
   * @param registry where tuning counters go
   * @param ticker stamps leak events with its {@link Ticker#wallMillis() wall time}
   * @throws NullPointerException if any argument is null
   */
  public PerformanceOptimizer(OptimizerConfig config, MeterRegistry registry, Ticker ticker) {
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * Registers {@code optimizer.tuning.failures} (tunables or listeners that threw during a pass). The
   * per-change {@code optimizer.tuning.events{target,setting}} counters are created in the constructor's
   * registry as changes happen, since their tags are only known then.
   */
  public MeterBinder metrics() {
    return r -> FunctionCounter.builder("optimizer.tuning.failures", failures, LongAdder::sum)
        .description("Tunables or listeners that threw during a tuning pass").register(r);
  }

  /** Adds a tunable; it is consulted from the next pass on. */
  public void register(Tunable tunable) {
    tunables.add(Objects.requireNonNull(tunable, "tunable"));
  }

  /** Removes a tunable, e.g. when the cache it tunes is closed. Unknown tunables are ignored. */
  public void unregister(Tunable tunable) {
    tunables.remove(tunable);
  }

  /** The registered tunables, in registration order. */
  public List<Tunable> tunables() {
    return List.copyOf(tunables);
  }

  /** Adds a listener for every future event. */
  public void addListener(TuningListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Computes the pressure a snapshot means under this configuration. */
  public Pressure pressureOf(SystemSnapshot s) {
    if (s.at().equals(Instant.EPOCH)) {
      // A pass before the first sample (e.g. "optimize now" at startup): its events carry the ticker's time.
      s = new SystemSnapshot(Instant.ofEpochMilli(ticker.wallMillis()), s.samples(), s.metrics(), s.collections());
    }
    double cpu = Math.max(s.current(SystemMetric.SYSTEM_CPU), s.current(SystemMetric.PROCESS_CPU));
    double mem = Math.max(s.current(SystemMetric.MEMORY_USED), s.current(SystemMetric.HEAP_USED));
    return new Pressure(cpu, mem, config.cpuThreshold(), config.memoryThreshold(), config.level(), s);
  }

  /**
   * Runs one pass over {@code snapshot}: leak check, then every tunable when the level tunes.
   *
   * @return the events of this pass, in order
   */
  public synchronized List<TuningEvent> evaluate(SystemSnapshot snapshot) {
    Pressure pressure = pressureOf(snapshot);
    lastPressure = pressure;
    List<TuningEvent> events = new ArrayList<>();
    checkLeak(snapshot, events);
    if (config.level().tunes()) {
      for (Tunable t : tunables) {
        try {
          events.addAll(t.adjust(pressure));
        } catch (RuntimeException e) {
          failures.increment();
          log.warn("tunable {} failed; it keeps its settings this pass", t.name(), e);
        }
      }
    }
    events.forEach(this::publish);
    lastPassEvents = List.copyOf(events);
    return lastPassEvents;
  }

  private void checkLeak(SystemSnapshot s, List<TuningEvent> events) {
    if (s.collections() == lastCollections || !s.metrics().containsKey(SystemMetric.OLD_GEN_AFTER_GC)) {
      return;
    }
    double old = s.current(SystemMetric.OLD_GEN_AFTER_GC);
    if (lastCollections >= 0 && old > lastOldGen && lastOldGen >= 0) {
      rises++;
    } else if (old < lastOldGen) {
      rises = 0;
      leakReported = false;
    }
    lastCollections = s.collections();
    double previous = lastOldGen;
    lastOldGen = old;
    if (rises >= config.leakDetectionCollections() && !leakReported) {
      leakReported = true;
      events.add(new TuningEvent(Instant.ofEpochMilli(ticker.wallMillis()), "jvm", "oldGenAfterGc",
          Long.toString((long) previous), Long.toString((long) old),
          "leak suspected: old generation after GC rose across " + rises + " collections in a row"));
    }
  }

  private void publish(TuningEvent e) {
    log.info("tuning: {}", e);
    eventCount.incrementAndGet();
    registry.counter("optimizer.tuning.events", "target", e.target(), "setting", e.setting()).increment();
    synchronized (history) {
      history.addLast(e);
      while (history.size() > HISTORY) {
        history.removeFirst();
      }
    }
    for (TuningListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        failures.increment();
        log.warn("tuning listener {} failed", l, ex);
      }
    }
  }

  /** The newest events, oldest first, at most 200. */
  public List<TuningEvent> recentEvents() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /** The events of the most recent pass. */
  public List<TuningEvent> lastPassEvents() {
    return lastPassEvents;
  }

  /** All events since creation. */
  public long eventCount() {
    return eventCount.get();
  }

  /** The pressure of the last pass, or null before the first. */
  public @Nullable Pressure lastPressure() {
    return lastPressure;
  }
}
