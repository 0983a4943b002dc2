package dev.optimizer.core.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of durations written as text, wherever they are written: annotation attributes
 * ({@code @CacheResult(ttl = "10m")}, {@code @LazyLoad(ttl = "30s")}), system properties and environment
 * variables ({@code optimizer.monitor-interval=500ms}). Supported for the project's modules.
 *
 * <p>Accepted, after leading and trailing whitespace is dropped:
 * <ul>
 *   <li>a whole number, optional whitespace and a unit, case-insensitive: {@code ns}, {@code us} or
 *       {@code µs} (micro sign or Greek mu), {@code ms}, {@code s}, {@code m} (minutes), {@code h},
 *       {@code d} (24 hours): {@code 500us}, {@code 30 s}, {@code 1D};</li>
 *   <li>ISO-8601 as {@link Duration#parse} reads it: {@code PT5S}, {@code PT0.5S}, {@code P1DT2H}.</li>
 * </ul>
 * Not accepted: a bare number ({@code 500} could mean seconds or milliseconds, and no caller ever accepted
 * one, so a unit is required), fractions outside ISO-8601 ({@code 1.5s}), words ({@code 5 minutes}),
 * zero and negative durations (every duration the project reads as text is a TTL, an interval or a
 * timeout, where zero would mean "never" or "always" by accident rather than by intent).
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
  /** What the error messages list; kept beside the grammar so the two cannot drift. */
  public static final String ACCEPTED_FORMS = "a whole number and a unit (ns, us or µs, ms, s, m, h, d), "
      + "e.g. 500ms, 30s, 10m, 1d, or ISO-8601 such as PT5S";

  private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d+)\\s*(ns|us|\u00b5s|\u03bcs|ms|s|m|h|d)");
  private static final Pattern BARE_NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d*)?");

  private Durations() {}

  /**
   * The positive duration {@code text} names in the grammar above.
   *
   * @param text the text, not null
   * @return a positive duration (at least one nanosecond)
   * @throws IllegalArgumentException naming {@code text} and the accepted forms, if it is malformed, has no
   *     unit, overflows {@link Duration}, or is zero or negative
   * @throws NullPointerException if {@code text} is null
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    Duration d;
    try {
      Matcher m = NUMBER_AND_UNIT.matcher(t.toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ns" -> Duration.ofNanos(n);
          case "us", "\u00b5s", "\u03bcs" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else if (BARE_NUMBER.matcher(t).matches()) {
        throw new IllegalArgumentException("'" + text + "' has no unit; write " + ACCEPTED_FORMS);
      } else {
        d = Duration.parse(t);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // ArithmeticException and NumberFormatException: digits beyond what a Duration holds.
      throw new IllegalArgumentException("'" + text + "' is not a duration; write " + ACCEPTED_FORMS, e);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("a duration must be positive, was '" + text + "'");
    }
    return d;
  }
}
