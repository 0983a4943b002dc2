package dev.optimizer.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.bench.suite.BenchmarkCatalog;
import dev.optimizer.bench.suite.BenchmarkClass;
import dev.optimizer.bench.suite.FigureSource;
import dev.optimizer.bench.suite.GroupOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;

class TargetEvaluatorTest {
  private static final String CLASS = "dev.optimizer.bench.x.FooBench";
  private static final BenchmarkCatalog CATALOG = BenchmarkCatalog.ofClasses(List.of(new BenchmarkClass(CLASS,
      "x", List.of("get"), Map.of("impl", List.of("OURS", "PEER"), "size", List.of("10", "1000")))));
  private static final GroupOutcome RAN = new GroupOutcome("x", GroupOutcome.Status.RAN, "", List.of(),
      List.of(), Map.of(CLASS, "logs/FooBench.log"), Map.of(), 1);

  @Test
  void evaluate_paramLeftFree_oneRowPerValueWithStatus() {
    List<Measurement> ms = List.of(ns("OURS", "10", 10), ns("PEER", "10", 30), ns("OURS", "1000", 50),
        ns("PEER", "1000", 60));
    List<TargetRow> rows = new TargetEvaluator(CATALOG, List.of(), g -> Optional.of(RAN), ms)
        .evaluate(List.of(Target.in("x", CLASS).compare("OURS", "PEER").speedAtLeast(2)));
    assertThat(rows).extracting(TargetRow::variant).containsExactly("size=10", "size=1000");
    assertThat(rows).extracting(TargetRow::status).containsExactly(TargetRow.Status.MET, TargetRow.Status.MISSED);
    assertThat(rows.get(0).measured()).isEqualTo("3.00x faster");
  }

  // Issue 12: CoalescingBench's PER_ITEM printed 86,000 keys/s against a backend that serves at most 995.
  @Test
  void evaluate_figureAboveItsPhysicalBound_invalidNotMetOrMissed() {
    BenchmarkCatalog catalog = BenchmarkCatalog.ofClasses(List.of(new BenchmarkClass(CLASS, "x", List.of("get"),
        Map.of("impl", List.of("OURS", "PEER")))));
    Target target = Target.in("x", CLASS).compare("OURS", "PEER").bound("PEER", 995).speedAtLeast(20);
    List<Measurement> impossible = List.of(ops("OURS", 40_000), ops("PEER", 86_000));
    List<Measurement> possible = List.of(ops("OURS", 40_000), ops("PEER", 990));
    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), impossible).evaluate(List.of(target)))
        .singleElement().satisfies(r -> {
          assertThat(r.status()).isEqualTo(TargetRow.Status.INVALID);
          assertThat(r.measured()).contains("PEER", "86,000", "995");
        });
    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), possible).evaluate(List.of(target)))
        .singleElement().extracting(TargetRow::status).isEqualTo(TargetRow.Status.MET);
  }

  // Issue 12: quick mode printed MISSED for a row known to need a longer warm-up than quick mode gives.
  @Test
  void evaluate_quickMissOfClassNeedingLongerRun_needsFullNotMissed() {
    String cls = "dev.optimizer.bench.cache.CacheAnnotatedHitBench";
    BenchmarkCatalog catalog = BenchmarkCatalog.ofClasses(List.of(new BenchmarkClass(cls, "x", List.of("hit"),
        Map.of("impl", List.of("OPTIMIZER_PROXY", "RAW_CAFFEINE")))));
    Target target = Target.in("x", cls).compare("OPTIMIZER_PROXY", "RAW_CAFFEINE").speedAtLeast(0.5);
    List<Measurement> ms = List.of(
        new Measurement(cls, "hit", Map.of("impl", "OPTIMIZER_PROXY"), Mode.Throughput, 1, 3, Double.NaN, "ops/us"),
        new Measurement(cls, "hit", Map.of("impl", "RAW_CAFFEINE"), Mode.Throughput, 1, 20, Double.NaN, "ops/us"));
    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), ms, true).evaluate(List.of(target)))
        .singleElement().extracting(TargetRow::status).isEqualTo(TargetRow.Status.NEEDS_FULL);
    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), ms, false).evaluate(List.of(target)))
        .singleElement().extracting(TargetRow::status).isEqualTo(TargetRow.Status.MISSED);
  }

  // Issue 12: quick mode printed MISSED for load noise (one short fork on 2 busy cores).
  @Test
  void evaluate_quickMissWithinErrorBars_needsFullButClearMissStaysMissed() {
    BenchmarkCatalog catalog = BenchmarkCatalog.ofClasses(List.of(new BenchmarkClass(CLASS, "x", List.of("get"),
        Map.of("impl", List.of("OURS", "PEER")))));
    Target target = Target.in("x", CLASS).compare("OURS", "PEER").speedAtLeast(0.9);
    // 80 +- 15 against 100 +- 5 ops/us: 0.80x, but 95 vs 95 at the favourable ends would meet 0.9x.
    List<Measurement> noisy = List.of(opsWithError("OURS", 80, 15), opsWithError("PEER", 100, 5));
    // 50 +- 5 against 100 +- 5: at best 55 vs 95 = 0.58x, a miss the error bars cannot explain.
    List<Measurement> clear = List.of(opsWithError("OURS", 50, 5), opsWithError("PEER", 100, 5));

    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), noisy, true).evaluate(List.of(target)))
        .singleElement().satisfies(r -> {
          assertThat(r.status()).isEqualTo(TargetRow.Status.NEEDS_FULL);
          assertThat(r.measured()).contains("0.80x", "error bars");
        });
    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), clear, true).evaluate(List.of(target)))
        .singleElement().extracting(TargetRow::status).isEqualTo(TargetRow.Status.MISSED);
    assertThat(new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), noisy, false).evaluate(List.of(target)))
        .singleElement().extracting(TargetRow::status).isEqualTo(TargetRow.Status.MISSED);
  }

  private static Measurement opsWithError(String impl, double perMicro, double error) {
    return new Measurement(CLASS, "get", Map.of("impl", impl), Mode.Throughput, 1, perMicro, error, "ops/us");
  }

  private static Measurement ops(String impl, double perSecond) {
    return new Measurement(CLASS, "get", Map.of("impl", impl), Mode.Throughput, 1, perSecond, Double.NaN, "ops/s");
  }

  @Test
  void evaluate_peerPrefix_comparesWithFastestPeer() {
    BenchmarkCatalog catalog = BenchmarkCatalog.ofClasses(List.of(new BenchmarkClass(CLASS, "x", List.of("get"),
        Map.of("impl", List.of("ADAPTIVE", "STATIC_16", "STATIC_64")))));
    List<Measurement> ms = List.of(one("ADAPTIVE", 110), one("STATIC_16", 300), one("STATIC_64", 100));
    List<TargetRow> rows = new TargetEvaluator(catalog, List.of(), g -> Optional.of(RAN), ms)
        .evaluate(List.of(Target.in("x", CLASS).compare("ADAPTIVE", "STATIC_*").speedAtLeast(0.9)));
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.peer().params()).containsEntry("impl", "STATIC_64");
      assertThat(r.status()).isEqualTo(TargetRow.Status.MET);
    });
  }

  @Test
  void evaluate_figureSource_usesItsHigherIsBetterFigures() {
    String sim = "dev.optimizer.bench.y.SimulationBench";
    FigureSource source = new FigureSource() {
      @Override public String className() { return sim; }
      @Override public String group() { return "y"; }
      @Override public double estimatedSeconds() { return 1; }
      @Override public boolean quick() { return true; }
      @Override public List<Measurement> measure() { return List.of(); }
    };
    List<Measurement> ms = List.of(
        new Measurement(sim, "simulated", Map.of("impl", "ADAPTIVE", "backend", "CPU"), Mode.Throughput, 1, 950,
            Double.NaN, "items/s"),
        new Measurement(sim, "simulated", Map.of("impl", "STATIC_64", "backend", "CPU"), Mode.Throughput, 1, 1000,
            Double.NaN, "items/s"));
    List<TargetRow> rows = new TargetEvaluator(CATALOG, List.of(source), g -> Optional.of(RAN), ms)
        .evaluate(List.of(Target.in("y", sim).compare("ADAPTIVE", "STATIC_*").speedAtLeast(0.9)));
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(TargetRow.Status.MET);
      assertThat(r.variant()).isEqualTo("backend=CPU");
      assertThat(r.measured()).isEqualTo("0.95x the speed");
    });
  }

  @Test
  void evaluate_classNotInJar_saysModuleNotLanded() {
    List<TargetRow> rows = new TargetEvaluator(CATALOG, List.of(), g -> Optional.of(RAN), List.of())
        .evaluate(List.of(Target.in("y", "dev.optimizer.bench.y.MissingBench").compare("A", "B").info()));
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(TargetRow.Status.NOT_RUN);
      assertThat(r.measured()).contains("module not landed").contains("MissingBench");
    });
  }

  @Test
  void evaluate_groupSkipped_carriesTheGroupsReason() {
    GroupOutcome skipped = GroupOutcome.notRun("x", GroupOutcome.Status.SKIPPED,
        "skipped: no Redis at redis://127.0.0.1:1");
    List<TargetRow> rows = new TargetEvaluator(CATALOG, List.of(), g -> Optional.of(skipped), List.of())
        .evaluate(List.of(Target.in("x", CLASS).compare("OURS", "PEER").timeAtMost(1.15)));
    assertThat(rows).singleElement().extracting(TargetRow::measured)
        .isEqualTo("skipped: no Redis at redis://127.0.0.1:1");
  }

  @Test
  void evaluate_ranWithoutResults_pointsAtTheLog() {
    List<TargetRow> rows = new TargetEvaluator(CATALOG, List.of(), g -> Optional.of(RAN), List.of())
        .evaluate(List.of(Target.in("x", CLASS).compare("OURS", "PEER").speedAtLeast(1)));
    assertThat(rows).singleElement().extracting(TargetRow::measured).asString()
        .contains("no result").contains("logs/FooBench.log");
  }

  private static Measurement one(String impl, double nanos) {
    return new Measurement(CLASS, "get", Map.of("impl", impl), Mode.AverageTime, 1, nanos, Double.NaN, "ns/op");
  }

  private static Measurement ns(String impl, String size, double nanos) {
    return new Measurement(CLASS, "get", Map.of("impl", impl, "size", size), Mode.AverageTime, 1, nanos, Double.NaN,
        "ns/op");
  }
}
