package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.support.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

// Issue 12: settings read durations in the one grammar of dev.optimizer.core.support.Durations; the
// settings parser of their own rejected 1d, ns and us.
class SettingsDurationTest {

  private static OptimizerConfig.Builder withProperty(String name, String value) {
    Properties p = new Properties();
    p.setProperty(name, value);
    return OptimizerConfig.custom().environment(Map.of()).systemProperties(p);
  }

  @Test
  void build_intervalInUnitsNewToSettings_accepted() {
    assertThat(withProperty("optimizer.monitor-interval", "15000us").build().monitorInterval())
        .isEqualTo(Duration.ofMillis(15));
    assertThat(withProperty("optimizer.monitor-interval", "20000000ns").build().monitorInterval())
        .isEqualTo(Duration.ofMillis(20));
    assertThat(OptimizerConfig.custom().environment(Map.of("OPTIMIZER_MONITOR_INTERVAL", " 2 S "))
        .systemProperties(new Properties()).build().monitorInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void build_intervalOfOneDay_parsedThenRejectedForRangeOnly() {
    // 1d is a duration now; the only duration setting of the core is an interval capped at 1h, so the
    // error must be about the range, not about the text.
    assertThatThrownBy(() -> withProperty("optimizer.monitor-interval", "1d").build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.monitor-interval")
        .hasMessageContaining("'1d'")
        .hasMessageContaining("from 10ms to 1h")
        .hasNoCause();
  }

  @Test
  void build_malformedInterval_failsWithGrammarMessageAndCause() {
    assertThatThrownBy(() -> withProperty("optimizer.monitor-interval", "5 parsecs").build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.monitor-interval")
        .hasMessageContaining("'5 parsecs'")
        .hasMessageContaining(Durations.ACCEPTED_FORMS)
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> withProperty("optimizer.monitor-interval", "500").build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("no unit");
  }
}
