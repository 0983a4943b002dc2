package dev.optimizer.bench.report;

import java.util.Locale;

/**
 * How a target compares our time per operation with the peer's. Every kind works on nanoseconds per
 * operation per thread (see {@link Measurement#nanosPerOp()}), so throughput and average-time
 * benchmarks compare alike.
 */
public enum TargetKind {
  /** Our speed is at least {@code value} times the peer's: {@code peerNs / ourNs >= value}. */
  SPEED_AT_LEAST,
  /** Our time is at most {@code value} times the peer's: {@code ourNs / peerNs <= value}. */
  TIME_AT_MOST,
  /** We add at most {@code value} nanoseconds per operation: {@code ourNs - peerNs <= value}. */
  ADDED_NANOS_AT_MOST,
  /** Our time is at most {@code value} nanoseconds per operation; no peer. */
  NANOS_AT_MOST,
  /** Our score is at least {@code value} of the peer's (the best candidate's): quality ratios. */
  SCORE_AT_LEAST,
  /** No target: the ratio is reported for information. */
  INFO;

  /** Whether the kind compares with a peer figure. */
  public boolean needsPeer() {
    return this != NANOS_AT_MOST;
  }

  /** Whether {@code ourNs} (and {@code peerNs}, NaN when there is none) meet {@code value}. */
  public boolean met(double ourNs, double peerNs, double value) {
    return switch (this) {
      case SPEED_AT_LEAST, SCORE_AT_LEAST -> peerNs / ourNs >= value;
      case TIME_AT_MOST -> ourNs / peerNs <= value;
      case ADDED_NANOS_AT_MOST -> ourNs - peerNs <= value;
      case NANOS_AT_MOST -> ourNs <= value;
      case INFO -> true;
    };
  }

  /** The measured figure in this kind's terms: {@code 2.31x faster}, {@code 1.12x the time}, ... */
  public String measured(double ourNs, double peerNs) {
    return switch (this) {
      case SPEED_AT_LEAST, INFO -> speed(peerNs / ourNs);
      case TIME_AT_MOST -> String.format(Locale.ROOT, "%.2fx the time", ourNs / peerNs);
      case ADDED_NANOS_AT_MOST -> String.format(Locale.ROOT, "%+.1f ns/call", ourNs - peerNs);
      case NANOS_AT_MOST -> Measurement.formatNanos(ourNs) + "/op";
      case SCORE_AT_LEAST -> String.format(Locale.ROOT, "%.3f of the best", peerNs / ourNs);
    };
  }

  /** The target in words: {@code >= 0.80x the speed}, {@code <= 1.15x the time}, ... */
  public String describe(double value) {
    return switch (this) {
      case SPEED_AT_LEAST -> String.format(Locale.ROOT, ">= %sx the speed", trim(value));
      case TIME_AT_MOST -> String.format(Locale.ROOT, "<= %sx the time", trim(value));
      case ADDED_NANOS_AT_MOST -> String.format(Locale.ROOT, "<= %s ns added", trim(value));
      case NANOS_AT_MOST -> "<= " + Measurement.formatNanos(value) + "/op";
      case SCORE_AT_LEAST -> String.format(Locale.ROOT, ">= %s of the best", trim(value));
      case INFO -> "none (for information)";
    };
  }

  /**
   * The target as a speed ratio (ours over peer, higher is better) for the ratio chart, given the
   * peer's time: NaN for kinds without one.
   */
  public double targetSpeedRatio(double peerNs, double value) {
    return switch (this) {
      case SPEED_AT_LEAST, SCORE_AT_LEAST -> value;
      case TIME_AT_MOST -> 1.0 / value;
      case ADDED_NANOS_AT_MOST -> peerNs / (peerNs + value);
      case NANOS_AT_MOST, INFO -> Double.NaN;
    };
  }

  private static String speed(double ratio) {
    return ratio >= 1
        ? String.format(Locale.ROOT, "%.2fx faster", ratio)
        : String.format(Locale.ROOT, "%.2fx the speed", ratio);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
