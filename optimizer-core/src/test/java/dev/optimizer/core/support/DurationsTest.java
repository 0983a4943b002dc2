package dev.optimizer.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// The one duration grammar of issue 12: the cache rejected 500us, core settings rejected 1d.
class DurationsTest {

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of("1ns", Duration.ofNanos(1)),
        Arguments.of("500us", Duration.ofNanos(500_000)),
        Arguments.of("500\u00b5s", Duration.ofNanos(500_000)),
        Arguments.of("500\u03bcs", Duration.ofNanos(500_000)),
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("30s", Duration.ofSeconds(30)),
        Arguments.of("10m", Duration.ofMinutes(10)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("1d", Duration.ofDays(1)),
        Arguments.of("365d", Duration.ofDays(365)),
        Arguments.of("  30s\t", Duration.ofSeconds(30)),
        Arguments.of("30 s", Duration.ofSeconds(30)),
        Arguments.of("10M", Duration.ofMinutes(10)),
        Arguments.of("500MS", Duration.ofMillis(500)),
        Arguments.of("1D", Duration.ofDays(1)),
        Arguments.of("0010s", Duration.ofSeconds(10)),
        Arguments.of("PT5S", Duration.ofSeconds(5)),
        Arguments.of("pt5m", Duration.ofMinutes(5)),
        Arguments.of("PT0.5S", Duration.ofMillis(500)),
        Arguments.of("P1DT2H", Duration.ofHours(26)),
        Arguments.of(" PT10M ", Duration.ofMinutes(10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accepted")
  void parse_acceptedForm_returnsDuration(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "   ", "s", "ms", "soon", "5 minutes", "5 parsecs", "1.5s", "-5s", "+5s",
      "5sec", "5 s s", "5y", "1w", "PT", "P", "5s ago", "10_000ms", "0x10s"})
  void parse_malformed_throwsNamingTextAndForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining(Durations.ACCEPTED_FORMS);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"500", "0", "5.0", "-3", " 30 "})
  void parse_bareNumber_throwsAskingForUnit(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("no unit")
        .hasMessageContaining(Durations.ACCEPTED_FORMS);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"0s", "0ms", "0ns", "PT0S", "PT-5S", "-PT5S"})
  void parse_zeroOrNegative_throwsPositiveRequired(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("positive");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"99999999999999999999s", "9223372036854775807us", "9223372036854775807d"})
  void parse_beyondDurationRange_throwsIllegalArgument(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void parse_null_throwsNullPointer() {
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(NullPointerException.class);
  }
}
