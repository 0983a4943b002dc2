package dev.optimizer.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetKindTest {
  @Test
  void met_speedAtLeast_comparesPeerTimeOverOurs() {
    assertThat(TargetKind.SPEED_AT_LEAST.met(10, 30, 3)).isTrue();
    assertThat(TargetKind.SPEED_AT_LEAST.met(11, 30, 3)).isFalse();
  }

  @Test
  void met_timeAtMost_comparesOurTimeOverPeers() {
    assertThat(TargetKind.TIME_AT_MOST.met(115, 100, 1.15)).isTrue();
    assertThat(TargetKind.TIME_AT_MOST.met(116, 100, 1.15)).isFalse();
  }

  @Test
  void met_addedNanos_comparesDifference() {
    assertThat(TargetKind.ADDED_NANOS_AT_MOST.met(15.5, 0.5, 15)).isTrue();
    assertThat(TargetKind.ADDED_NANOS_AT_MOST.met(15.6, 0.5, 15)).isFalse();
  }

  @Test
  void met_nanosAtMost_ignoresPeer() {
    assertThat(TargetKind.NANOS_AT_MOST.met(999, Double.NaN, 1000)).isTrue();
    assertThat(TargetKind.NANOS_AT_MOST.met(1001, Double.NaN, 1000)).isFalse();
  }

  @Test
  void targetSpeedRatio_addedNanos_isPeerOverPeerPlusAllowance() {
    assertThat(TargetKind.ADDED_NANOS_AT_MOST.targetSpeedRatio(5, 15)).isEqualTo(0.25);
    assertThat(TargetKind.TIME_AT_MOST.targetSpeedRatio(5, 2)).isEqualTo(0.5);
  }

  @Test
  void measured_speed_readsAsFasterOrFraction() {
    assertThat(TargetKind.SPEED_AT_LEAST.measured(10, 25)).isEqualTo("2.50x faster");
    assertThat(TargetKind.SPEED_AT_LEAST.measured(20, 10)).isEqualTo("0.50x the speed");
    assertThat(TargetKind.ADDED_NANOS_AT_MOST.measured(12.5, 0.5)).isEqualTo("+12.0 ns/call");
  }
}
