package dev.optimizer.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// Issue 12: one set of argument checks in place of the private copies in every XConfig builder.
class ChecksTest {

  @Test
  void requireNonBlank_text_returnsIt() {
    assertThat(Checks.requireNonBlank("users", "cacheName")).isEqualTo("users");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void requireNonBlank_blank_namesSettingAndValue(String value) {
    assertThatThrownBy(() -> Checks.requireNonBlank(value, "cacheName"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cacheName must be non-blank, was '" + value + "'");
  }

  @Test
  void requireNonBlank_null_namesSetting() {
    assertThatThrownBy(() -> Checks.requireNonBlank(null, "host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be non-blank, was null");
  }

  @Test
  void requireAtLeast_atMinimum_returnsIt() {
    assertThat(Checks.requireAtLeast(1, 1, "batchSize")).isEqualTo(1);
    assertThat(Checks.requireAtLeast(1024L, 1024L, "checkpointBytes")).isEqualTo(1024L);
  }

  @Test
  void requireAtLeast_belowMinimum_namesSettingMinimumAndValue() {
    assertThatThrownBy(() -> Checks.requireAtLeast(0, 1, "batchSize"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be >= 1, was 0");
    assertThatThrownBy(() -> Checks.requireAtLeast(-1L, 0L, "maxEntries"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEntries must be >= 0, was -1");
  }

  @Test
  void requireInRange_bothEnds_areIncluded() {
    assertThat(Checks.requireInRange(1, 1, 256, "workers")).isEqualTo(1);
    assertThat(Checks.requireInRange(256, 1, 256, "workers")).isEqualTo(256);
    assertThat(Checks.requireInRange(5L, 5L, 5L, "size")).isEqualTo(5L);
    assertThat(Checks.requireInRange(100.0, 1.0, 100.0, "ratio")).isEqualTo(100.0);
  }

  @Test
  void requireInRange_outside_namesSettingRangeAndValue() {
    assertThatThrownBy(() -> Checks.requireInRange(257, 1, 256, "workers"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be in [1, 256], was 257");
    assertThatThrownBy(() -> Checks.requireInRange(0L, 1L, 10L, "maxDecompressedSize"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxDecompressedSize must be in [1, 10], was 0");
    assertThatThrownBy(() -> Checks.requireInRange(0.5, 1.0, 100.0, "minCompressRatio"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minCompressRatio must be in [1.0, 100.0], was 0.5");
  }

  @Test
  void requireInRange_nan_isRejected() {
    assertThatThrownBy(() -> Checks.requireInRange(Double.NaN, 1.0, 100.0, "minCompressRatio"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was NaN");
  }

  @Test
  void requirePositive_positive_returnsIt() {
    assertThat(Checks.requirePositive(Duration.ofNanos(1), "ttl")).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void requirePositive_zeroOrNegative_namesSettingAndValue() {
    assertThatThrownBy(() -> Checks.requirePositive(Duration.ZERO, "recheckInterval"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("recheckInterval must be positive, was 0s");
    assertThatThrownBy(() -> Checks.requirePositive(Duration.ofSeconds(-1), "recheckInterval"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("recheckInterval must be positive, was PT-1S");
  }

  @Test
  void requirePositive_null_throwsNullPointerNamingSetting() {
    assertThatThrownBy(() -> Checks.requirePositive(null, "ttl"))
        .isInstanceOf(NullPointerException.class).hasMessage("ttl");
  }

  @Test
  void requireNonNegative_zero_returnsIt() {
    assertThat(Checks.requireNonNegative(Duration.ZERO, "syncInterval")).isZero();
  }

  @Test
  void requireNonNegative_negative_namesSettingAndValue() {
    assertThatThrownBy(() -> Checks.requireNonNegative(Duration.ofMillis(-5), "syncInterval"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("syncInterval must be >= 0, was PT-0.005S");
  }

  @Test
  void requireInRange_durationInside_returnsIt() {
    Duration d = Duration.ofMinutes(10);
    assertThat(Checks.requireInRange(d, Duration.ofMillis(1), Duration.ofMinutes(10), "connectTimeout")).isSameAs(d);
  }

  @Test
  void requireInRange_durationOutside_namesSettingRangeInDurationGrammarAndValue() {
    assertThatThrownBy(() -> Checks.requireInRange(Duration.ofMinutes(11), Duration.ofMillis(1),
        Duration.ofMinutes(10), "connectTimeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectTimeout must be in [1ms, 10m], was 11m");
    assertThatThrownBy(() -> Checks.requireInRange(Duration.ofNanos(1_500), Duration.ofMillis(1),
        Duration.ofDays(2), "connectTimeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connectTimeout must be in [1ms, 2d], was 1500ns");
  }

  @Test
  void format_everyUnit_isReadBackByDurations() {
    for (Duration d : new Duration[] {Duration.ofDays(3), Duration.ofHours(5), Duration.ofMinutes(7),
        Duration.ofSeconds(9), Duration.ofMillis(11), Duration.ofNanos(13_000), Duration.ofNanos(15)}) {
      assertThat(Durations.parse(Checks.format(d))).isEqualTo(d);
    }
  }
}
