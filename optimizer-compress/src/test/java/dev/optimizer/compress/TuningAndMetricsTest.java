package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.TuningEvent;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class TuningAndMetricsTest {
  private static OptimizerConfig config(OptimizationLevel level) {
    return OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(level.tunes()).level(level).cpuThreshold(0.8)
        .build();
  }

  @Test
  void adjust_cpuHighThenRelieved_stepsMaximumDownToFastAndBack() {
    try (CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom().level(Level.MAXIMUM).build())) {
      OptimizerConfig oc = config(OptimizationLevel.ADVANCED);
      List<TuningEvent> first = engine.tunable().adjust(Pressure.of(0.95, 0.1, oc));
      assertThat(first).singleElement().satisfies(e -> {
        assertThat(e.from()).isEqualTo("MAXIMUM");
        assertThat(e.to()).isEqualTo("BALANCED");
        assertThat(e.reason()).contains("CPU");
      });
      engine.tunable().adjust(Pressure.of(0.95, 0.1, oc));
      assertThat(engine.currentLevel()).isEqualTo(Level.FAST);
      assertThat(engine.tunable().adjust(Pressure.of(0.95, 0.1, oc))).isEmpty();
      byte[] frame = engine.compress(TestData.text(1000, 1), Algorithm.ZSTD);
      assertThat(engine.inspect(frame).level()).isEqualTo(Level.FAST);
      // Between relief and the threshold the level holds, so a CPU figure near the threshold does not flap.
      assertThat(engine.tunable().adjust(Pressure.of(0.75, 0.1, oc))).isEmpty();
      engine.tunable().adjust(Pressure.of(0.1, 0.1, oc));
      assertThat(engine.currentLevel()).isEqualTo(Level.BALANCED);
      engine.tunable().adjust(Pressure.of(0.1, 0.1, oc));
      assertThat(engine.currentLevel()).isEqualTo(Level.MAXIMUM);
      assertThat(engine.tunable().adjust(Pressure.of(0.1, 0.1, oc))).isEmpty();
    }
  }

  @Test
  void adjust_optimizationLevelNone_neverChangesLevel() {
    try (CompressionEngine engine = CompressionEngine.create()) {
      assertThat(engine.tunable().adjust(Pressure.of(1.0, 1.0, config(OptimizationLevel.NONE)))).isEmpty();
      assertThat(engine.currentLevel()).isEqualTo(Level.BALANCED);
    }
  }

  @Test
  void bindTo_afterTraffic_metersAndStatsAgree() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (CompressionEngine engine = CompressionEngine.create()) {
      new CompressionMetrics(engine, Tags.of("name", "test")).bindTo(registry);
      byte[] data = TestData.text(100_000, 2);
      byte[] frame = engine.compress(data, Algorithm.ZSTD, Level.FAST);
      engine.decompress(frame);
      engine.decompress(frame);
      Tags zstdCompress = Tags.of("name", "test", "algorithm", "zstd", "direction", "compress");
      assertThat(registry.get("optimizer.compress.bytes.in").tags(zstdCompress).functionCounter().count())
          .isEqualTo(100_000);
      assertThat(registry.get("optimizer.compress.bytes.out").tags(zstdCompress).functionCounter().count())
          .isEqualTo(frame.length);
      FunctionTimer decompressTime = registry.get("optimizer.compress.time")
          .tags("algorithm", "zstd", "direction", "decompress").functionTimer();
      assertThat(decompressTime.count()).isEqualTo(2);
      assertThat(registry.get("optimizer.compress.ratio").tags("algorithm", "zstd").gauge().value())
          .isEqualTo((double) data.length / frame.length);
      CompressionStats stats = engine.stats();
      assertThat(stats.compress().get(Algorithm.ZSTD).bytesOut()).isEqualTo(frame.length);
      assertThat(stats.decompress().get(Algorithm.ZSTD).calls()).isEqualTo(2);
      assertThat(stats.decompress().get(Algorithm.ZSTD).ratio(false)).isEqualTo((double) data.length / frame.length);
      assertThat(stats.compress()).containsOnlyKeys(Algorithm.ZSTD);
      try {
        engine.decompress(new byte[10]);
      } catch (CorruptDataException expected) {
        // counted below
      }
      assertThat(registry.get("optimizer.compress.corrupt").functionCounter().count()).isEqualTo(1);
    }
  }

  // Issue 12, one metrics pattern: stats() carries times as Duration, metrics() is the engine's binder.
  @Test
  void stats_afterCalls_reportsCallsBytesAndTimeAsDuration() {
    try (CompressionEngine engine = CompressionEngine.create()) {
      byte[] data = TestData.text(50_000, 3);
      byte[] frame = engine.compress(data, Algorithm.ZSTD, Level.FAST);
      engine.decompress(frame);

      CompressionStats.DirectionStats c = engine.stats().compress().get(Algorithm.ZSTD);
      assertThat(c.calls()).isEqualTo(1);
      assertThat(c.bytesIn()).isEqualTo(50_000);
      assertThat(c.bytesOut()).isEqualTo(frame.length);
      assertThat(c.time()).isGreaterThan(java.time.Duration.ZERO);
      assertThat(engine.stats().decompress().get(Algorithm.ZSTD).time()).isGreaterThan(java.time.Duration.ZERO);
    }
  }

  @Test
  void create_withRegistryAround_registersNothingUntilBound() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try (CompressionEngine engine = CompressionEngine.create()) {
      engine.compress(TestData.text(1000, 4), Algorithm.ZSTD);
      assertThat(registry.getMeters()).isEmpty();

      engine.metrics().bindTo(registry);
      assertThat(registry.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedMeterNamesAndTags() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (CompressionEngine engine = CompressionEngine.create()) {
      engine.metrics().bindTo(registry);
      engine.compress(TestData.text(10_000, 5), Algorithm.ZSTD);

      assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getName()).startsWith("optimizer.compress."));
      assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("optimizer.compress.bytes.in",
          "optimizer.compress.bytes.out", "optimizer.compress.time", "optimizer.compress.ratio",
          "optimizer.compress.stored.uncompressed", "optimizer.compress.corrupt", "optimizer.compress.level");
      assertThat(registry.get("optimizer.compress.bytes.in").tags("algorithm", "zstd", "direction", "compress")
          .functionCounter().count()).isEqualTo(10_000);
    }
  }
}
