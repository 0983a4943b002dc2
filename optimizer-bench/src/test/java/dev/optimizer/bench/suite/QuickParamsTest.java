package dev.optimizer.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.bench.report.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuickParamsTest {
  private static final String CLASS = "dev.optimizer.bench.x.FooBench";
  private static final BenchmarkClass FOO = new BenchmarkClass(CLASS, "x", List.of("get"),
      Map.of("impl", List.of("OURS", "PEER", "OTHER"), "size", List.of("10", "1000")));

  @Test
  void select_rowsPinEveryParam_runsOnlyTheirValues() {
    List<Target> rows = List.of(Target.in("x", CLASS).compare("OURS", "PEER").where("size", "10").speedAtLeast(1));
    Map<String, List<String>> chosen = QuickParams.select(FOO, rows);
    assertThat(chosen).containsEntry("impl", List.of("OURS", "PEER")).containsEntry("size", List.of("10"));
    assertThat(FOO.runs(chosen)).isEqualTo(2);
  }

  @Test
  void select_rowLeavesParamFree_runsAllItsValues() {
    List<Target> rows = List.of(Target.in("x", CLASS).compare("OURS", "PEER").speedAtLeast(1));
    Map<String, List<String>> chosen = QuickParams.select(FOO, rows);
    assertThat(chosen).containsEntry("impl", List.of("OURS", "PEER")).doesNotContainKey("size");
    assertThat(FOO.runs(chosen)).isEqualTo(4);
  }

  @Test
  void select_peerPrefix_runsEveryMatchingValue() {
    BenchmarkClass sweep = new BenchmarkClass(CLASS, "x", List.of("run"),
        Map.of("impl", List.of("ADAPTIVE", "STATIC_16", "STATIC_64", "OTHER")));
    List<Target> rows = List.of(Target.in("x", CLASS).compare("ADAPTIVE", "STATIC_*").speedAtLeast(0.9));
    assertThat(QuickParams.select(sweep, rows)).containsEntry("impl", List.of("ADAPTIVE", "STATIC_16", "STATIC_64"));
  }

  @Test
  void select_noRowsForClass_runsEverything() {
    assertThat(QuickParams.select(FOO, List.of())).isEmpty();
    assertThat(FOO.runs(Map.of())).isEqualTo(6);
  }

  @Test
  void comparedParam_valuesInOneParam_findsIt() {
    Target t = Target.in("x", CLASS).compare("OURS", "OTHER").info();
    assertThat(QuickParams.comparedParam(FOO, t)).isEqualTo("impl");
  }

  @Test
  void comparedParam_unknownValue_isNull() {
    Target t = Target.in("x", CLASS).compare("OURS", "NOPE").info();
    assertThat(QuickParams.comparedParam(FOO, t)).isNull();
  }
}
