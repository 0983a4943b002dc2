package dev.optimizer.dashboard.internal;

import java.time.Duration;

/** Durations as the documents carry them: seconds with nanosecond precision, as a double. */
final class Seconds {
  private Seconds() {}

  static double of(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }
}
