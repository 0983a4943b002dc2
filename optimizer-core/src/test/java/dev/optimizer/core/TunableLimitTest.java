package dev.optimizer.core;

import dev.optimizer.core.spi.TunableLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TunableLimitTest {
  private final List<Integer> applied = new ArrayList<>();
  private final TunableLimit limit = new TunableLimit("cache.users.l1", "maximumSize", 1000, 10, applied::add);

  @Test
  void shrink_repeatedUnderPressure_stopsAtLevelFloor() {
    for (int i = 0; i < 20; i++) {
      limit.shrink(OptimizationLevel.BASIC, Instant.EPOCH, "test");
    }
    assertThat(limit.current()).isEqualTo(500);
    assertThat(applied).containsExactly(750, 500);
  }

  @Test
  void restore_afterShrink_returnsToBaselineAndNoFurther() {
    limit.shrink(OptimizationLevel.AGGRESSIVE, Instant.EPOCH, "x");
    limit.shrink(OptimizationLevel.AGGRESSIVE, Instant.EPOCH, "x");
    assertThat(limit.current()).isEqualTo(100);
    for (int i = 0; i < 10; i++) {
      limit.restore(OptimizationLevel.AGGRESSIVE, Instant.EPOCH, "relieved");
    }
    assertThat(limit.current()).isEqualTo(1000);
    assertThat(applied).containsExactly(500, 100, 600, 1000);
  }

  @Test
  void shrink_levelNone_neverChanges() {
    assertThat(limit.shrink(OptimizationLevel.NONE, Instant.EPOCH, "x")).isEmpty();
    assertThat(limit.current()).isEqualTo(1000);
  }

  @Test
  void shrink_event_namesTargetFromToAndReason() {
    TuningEvent e = limit.shrink(OptimizationLevel.ADVANCED, Instant.EPOCH, "memory 90% >= 85%").orElseThrow();
    assertThat(e.target()).isEqualTo("cache.users.l1");
    assertThat(e.setting()).isEqualTo("maximumSize");
    assertThat(e.from()).isEqualTo("1000");
    assertThat(e.to()).isEqualTo("750");
    assertThat(e.reason()).contains("memory");
  }

  @Test
  void floor_hardMinimumWinsOverLevelFraction() {
    TunableLimit small = new TunableLimit("t", "s", 12, 4, v -> { });
    assertThat(small.floor(OptimizationLevel.AGGRESSIVE)).isEqualTo(4);
  }

  @Test
  void constructor_baselineBelowMin_rejected() {
    assertThatThrownBy(() -> new TunableLimit("t", "s", 1, 2, v -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t.s");
  }
}
