package dev.optimizer.limit;

import dev.optimizer.core.support.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A sustained rate: {@code permits} per {@code period}, written {@code "10/1m"} (ten per minute), {@code
 * "100/1s"}, {@code "5/PT30S"}; the period uses the project's one duration grammar ({@link Durations}).
 * Immutable.
 *
 * @param permits how many calls a period admits, at least 1
 * @param period the period, positive
 */
public record Rate(long permits, Duration period) {
  /**
   * Checks the figures.
   *
   * @throws IllegalArgumentException if {@code permits < 1}, the period is not positive, or one permit's
   *     interval ({@code period / permits}) is below one nanosecond
   */
  public Rate {
    Objects.requireNonNull(period, "period");
    if (permits < 1) {
      throw new IllegalArgumentException("rate permits must be >= 1, was " + permits);
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("rate period must be positive, was " + period);
    }
    if (period.toNanos() / permits < 1) {
      throw new IllegalArgumentException("rate " + permits + "/" + period + " is finer than one permit per ns");
    }
  }

  /**
   * Parses {@code "<permits>/<period>"}, e.g. {@code "10/1m"}.
   *
   * @throws IllegalArgumentException naming the text and the accepted form when it is malformed
   */
  public static Rate parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    int slash = t.indexOf('/');
    if (slash <= 0 || slash == t.length() - 1) {
      throw new IllegalArgumentException("rate '" + text + "' is not <permits>/<period>, e.g. 10/1m or 100/1s");
    }
    long permits;
    try {
      permits = Long.parseLong(t.substring(0, slash).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rate '" + text + "': permits '" + t.substring(0, slash).strip()
          + "' is not a whole number (accepted: <permits>/<period>, e.g. 10/1m)", e);
    }
    Duration period;
    try {
      period = Durations.parse(t.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rate '" + text + "': period is not " + Durations.ACCEPTED_FORMS, e);
    }
    try {
      return new Rate(permits, period);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rate '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The time between two permits at the sustained rate: {@code period / permits}, in nanoseconds. */
  public long intervalNanos() {
    return period.toNanos() / permits;
  }

  @Override
  public String toString() {
    return permits + "/" + period;
  }
}
