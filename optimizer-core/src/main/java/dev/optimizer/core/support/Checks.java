package dev.optimizer.core.support;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks of every module's configuration builders, so that a bad setting is reported the same
 * way whichever module it belongs to. Supported for the project's modules.
 *
 * <p>Every check returns its argument when it is accepted, so a setter reads
 * {@code this.workers = Checks.requireInRange(workers, 1, 256, "workers");}. A rejected value throws
 * {@link IllegalArgumentException} whose message names the setting, what is accepted and the value given,
 * e.g. {@code workers must be in [1, 256], was 0} or {@code recheckInterval must be positive, was 0s}. A
 * {@code null} duration throws {@link NullPointerException} naming the setting (the Java convention for a
 * missing argument, kept from the builders these checks replace).
 *
 * <p>Durations in messages are written in the project's duration grammar ({@link Durations}) where they
 * are a whole number of one unit ({@code 10ms}, {@code 10m}), else as ISO-8601.
 *
 * <p>Stateless and thread-safe.
 */
public final class Checks {
  private Checks() {}

  /**
   * {@code value}, if it has a character other than whitespace.
   *
   * @param name the setting, for the message
   * @throws IllegalArgumentException if {@code value} is null, empty or only whitespace
   */
  public static String requireNonBlank(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be non-blank, was "
          + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  /**
   * {@code value}, if it is at least {@code min}.
   *
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static int requireAtLeast(int value, int min, String name) {
    if (value < min) {
      throw belowMinimum(name, min, value);
    }
    return value;
  }

  /**
   * {@code value}, if it is at least {@code min}.
   *
   * @throws IllegalArgumentException if {@code value < min}
   */
  public static long requireAtLeast(long value, long min, String name) {
    if (value < min) {
      throw belowMinimum(name, min, value);
    }
    return value;
  }

  /**
   * {@code value}, if it is within {@code [min, max]}, both ends included.
   *
   * @throws IllegalArgumentException if {@code value} is outside the range
   */
  public static int requireInRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw outOfRange(name, min, max, value);
    }
    return value;
  }

  /**
   * {@code value}, if it is within {@code [min, max]}, both ends included.
   *
   * @throws IllegalArgumentException if {@code value} is outside the range
   */
  public static long requireInRange(long value, long min, long max, String name) {
    if (value < min || value > max) {
      throw outOfRange(name, min, max, value);
    }
    return value;
  }

  /**
   * {@code value}, if it is within {@code [min, max]}, both ends included.
   *
   * @throws IllegalArgumentException if {@code value} is outside the range or NaN
   */
  public static double requireInRange(double value, double min, double max, String name) {
    // written as "not inside" so that NaN, which compares false with everything, is rejected
    if (!(value >= min && value <= max)) {
      throw outOfRange(name, min, max, value);
    }
    return value;
  }

  /**
   * {@code value}, if it is longer than zero.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is zero or negative
   */
  public static Duration requirePositive(@Nullable Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + format(value));
    }
    return value;
  }

  /**
   * {@code value}, if it is zero or longer.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public static Duration requireNonNegative(@Nullable Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + format(value));
    }
    return value;
  }

  /**
   * {@code value}, if it is within {@code [min, max]}, both ends included.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is outside the range
   */
  public static Duration requireInRange(@Nullable Duration value, Duration min, Duration max, String name) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be in [" + format(min) + ", " + format(max) + "], was "
          + format(value));
    }
    return value;
  }

  private static IllegalArgumentException belowMinimum(String name, long min, long value) {
    return new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
  }

  private static IllegalArgumentException outOfRange(String name, Object min, Object max, Object value) {
    return new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
  }

  /** {@code 10ms}, {@code 10m}, {@code 0s}: the grammar's form when exact, so the message can be pasted back. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return d.toString(); // no unit form exists for a negative duration; ISO-8601 has one
    }
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.toString();
    }
    long[] perUnit = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
    String[] unit = {"d", "h", "m", "s", "ms", "us", "ns"};
    for (int i = 0; i < perUnit.length; i++) {
      if (nanos % perUnit[i] == 0) {
        return nanos / perUnit[i] + unit[i];
      }
    }
    return d.toString();
  }
}
