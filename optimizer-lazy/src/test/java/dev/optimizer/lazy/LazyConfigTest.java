package dev.optimizer.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.Ticker;
import dev.optimizer.core.support.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LazyConfigTest {
  @Test
  void ofDefaults_hasDocumentedValues() {
    LazyConfig c = LazyConfig.ofDefaults();
    assertThat(c.name()).isEqualTo("default");
    assertThat(c.preloadConcurrency()).isEqualTo(2);
    assertThat(c.preloadLimit()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.preloadOnRegistration()).isTrue();
    assertThat(c.pauseUnderCpuPressure()).isTrue();
    assertThat(c.loaderThreads()).isEqualTo(2);
    assertThat(c.memoizeMaximumSize()).isEqualTo(10_000);
    assertThat(c.ticker()).isSameAs(Ticker.system());
  }

  @Test
  void setters_badArgument_throwIllegalArgumentNamingSetting() {
    assertThatThrownBy(() -> LazyConfig.custom().preloadConcurrency(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preloadConcurrency");
    assertThatThrownBy(() -> LazyConfig.custom().preloadLimit(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preloadLimit");
    assertThatThrownBy(() -> LazyConfig.custom().loaderThreads(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loaderThreads");
    assertThatThrownBy(() -> LazyConfig.custom().memoizeMaximumSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoizeMaximumSize");
    assertThatThrownBy(() -> LazyConfig.custom().name("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_preloadOnRegistrationWithZeroLimit_throwsIllegalState() {
    assertThatThrownBy(() -> LazyConfig.custom().preloadLimit(0).preloadOnRegistration(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("preloadLimit(0)");
    assertThat(LazyConfig.custom().preloadLimit(0).build().preloadLimit()).isZero();
  }

  @Test
  void parse_durationTexts() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Durations.parse("0s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
  }
}
