package dev.optimizer.core;

import dev.optimizer.core.spi.TunableLimit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.testing.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PerformanceOptimizerTest {
  private final ScriptedSampleSource source = new ScriptedSampleSource()
      .set(SystemMetric.SYSTEM_CPU, 0.10).set(SystemMetric.MEMORY_USED, 0.30).set(SystemMetric.HEAP_USED, 0.2);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<TuningEvent> heard = new CopyOnWriteArrayList<>();
  private final AtomicInteger l1Size = new AtomicInteger(1000);
  private Optimizer optimizer;

  /** A cache-like tunable: shrinks under memory pressure, grows back when it is relieved. */
  private final Tunable cacheSize = new Tunable() {
    private final TunableLimit limit = new TunableLimit("cache.users.l1", "maximumSize", 1000, 50, l1Size::set);

    @Override
    public String name() {
      return "cache.users";
    }

    @Override
    public List<TuningEvent> adjust(Pressure p) {
      return limit.react(p.memoryHigh(), p.memoryRelieved(), p, "memory").stream().toList();
    }
  };

  private Optimizer start(OptimizationLevel level) {
    optimizer = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().level(level)
            .monitoringEnabled(false).leakDetectionCollections(3).build())
        .sampleSource(source)
        .meterRegistry(registry)
        .discoverModules(false)
        .build();
    optimizer.register(cacheSize);
    optimizer.addTuningListener(heard::add);
    return optimizer;
  }

  @AfterEach
  void close() {
    if (optimizer != null) {
      optimizer.close();
    }
  }

  @Test
  void optimizeNow_memoryPressure_shrinksBoundedThenRestoresWhenRelieved() {
    start(OptimizationLevel.ADVANCED);
    source.set(SystemMetric.MEMORY_USED, 0.95);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      optimizer.optimizeNow();
      sizes.add(l1Size.get());
    }
    assertThat(sizes).containsExactly(750, 500, 250, 250, 250, 250);

    source.set(SystemMetric.MEMORY_USED, 0.80); // between relief (0.7225) and threshold: hold
    optimizer.optimizeNow();
    assertThat(l1Size.get()).isEqualTo(250);

    source.set(SystemMetric.MEMORY_USED, 0.40);
    for (int i = 0; i < 6; i++) {
      optimizer.optimizeNow();
    }
    assertThat(l1Size.get()).isEqualTo(1000);

    assertThat(heard).hasSize(6);
    assertThat(heard.get(0).from()).isEqualTo("1000");
    assertThat(heard.get(0).to()).isEqualTo("750");
    assertThat(heard.get(0).reason()).contains("memory pressure 95%");
    assertThat(heard.get(3).reason()).contains("relieved");
    assertThat(registry.get("optimizer.tuning.events").tag("target", "cache.users.l1").counter().count())
        .isEqualTo(6.0);
    assertThat(optimizer.stats().tuningEvents()).isEqualTo(6);
  }

  @Test
  void optimizeNow_heapPressureAlone_countsAsMemoryPressure() {
    start(OptimizationLevel.BASIC);
    source.set(SystemMetric.HEAP_USED, 0.99);
    List<TuningEvent> events = optimizer.optimizeNow();
    assertThat(events).singleElement().satisfies(e -> assertThat(e.to()).isEqualTo("750"));
  }

  @Test
  void optimizeNow_levelNone_neverTunes() {
    optimizer = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().level(OptimizationLevel.NONE)
            .monitoringEnabled(false).build())
        .sampleSource(source).discoverModules(false).build();
    optimizer.register(cacheSize);
    source.set(SystemMetric.MEMORY_USED, 0.99);
    assertThat(optimizer.optimizeNow()).isEmpty();
    assertThat(l1Size.get()).isEqualTo(1000);
  }

  @Test
  void optimizeNow_throwingTunable_othersStillRunAndFailureCounted() {
    start(OptimizationLevel.ADVANCED);
    optimizer.register(new Tunable() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public List<TuningEvent> adjust(Pressure pressure) {
        throw new IllegalStateException("boom");
      }
    });
    source.set(SystemMetric.MEMORY_USED, 0.95);
    assertThat(optimizer.optimizeNow()).hasSize(1);
    assertThat(registry.get("optimizer.tuning.failures").functionCounter().count()).isEqualTo(1.0);
  }

  @Test
  void optimizeNow_oldGenAfterGcRisingAcrossCollections_raisesOneLeakEvent() {
    start(OptimizationLevel.BASIC);
    long[] oldGen = {100, 200, 300, 400, 500, 600};
    List<TuningEvent> leaks = new ArrayList<>();
    for (long v : oldGen) {
      source.collect(v);
      leaks.addAll(optimizer.optimizeNow().stream().filter(e -> e.target().equals("jvm")).toList());
    }
    assertThat(leaks).singleElement().satisfies(e -> {
      assertThat(e.setting()).isEqualTo("oldGenAfterGc");
      assertThat(e.reason()).contains("leak suspected").contains("3 collections");
      assertThat(e.to()).isEqualTo("400");
    });
  }

  @Test
  void optimizeNow_oldGenFallsAfterGc_noLeakEvent() {
    start(OptimizationLevel.BASIC);
    long[] oldGen = {100, 200, 150, 250, 120, 220, 130};
    for (long v : oldGen) {
      source.collect(v);
      assertThat(optimizer.optimizeNow()).noneMatch(e -> e.target().equals("jvm"));
    }
  }

  @Test
  void optimizeNow_noNewCollection_sameOldGenReadingNotCountedTwice() {
    start(OptimizationLevel.BASIC);
    source.collect(100);
    optimizer.optimizeNow();
    source.collect(200);
    for (int i = 0; i < 10; i++) {
      assertThat(optimizer.optimizeNow()).noneMatch(e -> e.target().equals("jvm"));
    }
  }

  @Test
  void stats_afterPasses_reportsCurrentAverageMaxAndTrend() {
    start(OptimizationLevel.BASIC);
    for (double cpu : new double[] {0.1, 0.2, 0.3, 0.4}) {
      source.set(SystemMetric.SYSTEM_CPU, cpu);
      optimizer.optimizeNow();
    }
    MetricStats cpu = optimizer.stats().snapshot().stats(SystemMetric.SYSTEM_CPU);
    assertThat(cpu.current()).isEqualTo(0.4);
    assertThat(cpu.average()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(cpu.max()).isEqualTo(0.4);
    assertThat(cpu.trend()).isEqualTo(Trend.RISING);
    assertThat(cpu.slope()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(optimizer.stats().toString()).contains("SYSTEM_CPU").contains("Pressure");
    assertThat(registry.get("optimizer.system.cpu.system").gauge().value()).isEqualTo(0.4);
  }

  @Test
  void evaluate_passBeforeTheFirstSample_stampsEventsWithTheTickersWallTime() {
    FakeTicker ticker = new FakeTicker();
    ticker.advance(Duration.ofMinutes(3));
    PerformanceOptimizer tuning = new PerformanceOptimizer(OptimizerConfig.custom().ignoreEnvironment()
        .level(OptimizationLevel.ADVANCED).monitoringEnabled(false).build(), new SimpleMeterRegistry(), ticker);
    tuning.register(cacheSize);
    SystemSnapshot noSampleYet = new SystemSnapshot(Instant.EPOCH, 0,
        Map.of(SystemMetric.MEMORY_USED, MetricStats.of(0.95)), 0);

    List<TuningEvent> events = tuning.evaluate(noSampleYet);

    assertThat(events).hasSize(1);
    assertThat(events.get(0).at()).isEqualTo(ticker.now()).isEqualTo(FakeTicker.START.plus(Duration.ofMinutes(3)));
  }
}
