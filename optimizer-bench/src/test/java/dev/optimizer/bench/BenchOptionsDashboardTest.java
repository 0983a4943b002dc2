package dev.optimizer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsDashboardTest {
  @Test
  void parse_demoOnlyDashboard_keepsTheDemoRunningWithoutTheSuite() {
    BenchOptions o = BenchOptions.parse("--demo-only", "--dashboard");
    assertThat(o.dashboard()).isTrue();
    assertThat(o.suite()).isFalse();
    assertThat(BenchOptions.parse("--demo-only").dashboard()).isFalse();
  }

  @Test
  void parse_dashboardWithTheSuite_isRefused() {
    assertThatThrownBy(() -> BenchOptions.parse("--dashboard")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--demo-only");
  }
}
