package dev.optimizer.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunBudgetTest {
  @Test
  void fitTo_suiteWithinCap_keepsBudget() {
    RunBudget quick = RunBudget.quick();
    assertThat(quick.fitTo(10)).isEqualTo(quick);
  }

  @Test
  void fitTo_suiteOverCap_shortensIterationsToFit() {
    RunBudget quick = RunBudget.quick();
    long runs = 50; // 50 x 4.3 s = 215 s, over the 170 s cap
    RunBudget fitted = quick.fitTo(runs);
    assertThat(fitted.measurementMillis()).isLessThan(quick.measurementMillis())
        .isGreaterThanOrEqualTo(RunBudget.MIN_ITERATION_MILLIS);
    assertThat(fitted.estimateSeconds(runs)).isLessThanOrEqualTo(quick.suiteCapSeconds());
    assertThat(fitted.forks()).isEqualTo(quick.forks());
    assertThat(fitted.measurementIterations()).isEqualTo(quick.measurementIterations());
    assertThat(fitted.warmupMillis()).isGreaterThan(fitted.measurementMillis()); // warmup keeps its share
  }

  @Test
  void fitTo_hugeSuite_neverGoesBelowMinimumIteration() {
    RunBudget fitted = RunBudget.quick().fitTo(10_000);
    assertThat(fitted.warmupMillis()).isEqualTo(RunBudget.MIN_ITERATION_MILLIS);
    assertThat(fitted.measurementMillis()).isEqualTo(RunBudget.MIN_ITERATION_MILLIS);
  }

  @Test
  void fitTo_fullBudget_isNeverShortened() {
    RunBudget full = RunBudget.full();
    assertThat(full.fitTo(10_000)).isEqualTo(full);
  }

  @Test
  void constructor_zeroForks_throwsNamingTheBudget() {
    assertThatThrownBy(() -> new RunBudget("x", 0, 1, 1000, 1, 1000, true, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forks 0");
  }
}
