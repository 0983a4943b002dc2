package dev.optimizer.core.spi;

import dev.optimizer.core.support.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting a module understands, read from the system property {@code optimizer.<name>} and the
 * environment variable {@code OPTIMIZER_<NAME>} ({@code .} and {@code -} become {@code _}). A name may hold
 * one {@code *} segment for a per-instance setting, e.g. {@code cache.*.ttl} is
 * {@code optimizer.cache.users.ttl} and {@code OPTIMIZER_CACHE_USERS_TTL} for the cache {@code users}.
 *
 * <p>Each setting parses its text into a value of type {@code T}; a malformed value is reported as an
 * {@link dev.optimizer.core.InvalidSettingException} naming the setting as the user wrote it. Immutable and
 * thread-safe; modules keep their settings in constants and list them in their {@link ModuleSettings}.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(\\.([a-z0-9-]+|\\*))*");
  private static final Pattern ZERO = Pattern.compile("0+\\s*(ns|us|µs|μs|ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private final String name;
  private final String defaultText;
  private final String description;
  private final String accepted;
  private final Function<String, T> parser;

  private Setting(String name, String defaultText, String description, String accepted,
      Function<String, T> parser) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches() || name.indexOf('*') != name.lastIndexOf('*')) {
      throw new IllegalArgumentException("setting name must be dot-separated [a-z0-9-] segments with at most "
          + "one '*', was '" + name + "'");
    }
    this.name = name;
    this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
    this.description = Objects.requireNonNull(description, "description");
    this.accepted = Objects.requireNonNull(accepted, "accepted");
    this.parser = parser;
  }

  /**
   * A setting whose text {@code parser} turns into a value; the parser throws
   * {@link IllegalArgumentException} for a malformed value, and {@code accepted} says what is accepted.
   *
   * @param name relative to {@code optimizer.}, e.g. {@code cache.l1-size}; at most one {@code *} segment
   * @param defaultText the default as documentation shows it
   * @param description what the setting does, for documentation
   * @param accepted the accepted values, e.g. {@code an integer >= 1}, quoted in error messages
   * @throws IllegalArgumentException if the name is malformed
   */
  public static <T> Setting<T> of(String name, String defaultText, String description, String accepted,
      Function<String, T> parser) {
    return new Setting<>(name, defaultText, description, accepted, Objects.requireNonNull(parser, "parser"));
  }

  /** {@code true} or {@code false} (any case). */
  public static Setting<Boolean> bool(String name, String defaultText, String description) {
    return of(name, defaultText, description, "one of [true, false]", text -> {
      String v = text.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        return v.equals("true");
      }
      throw new IllegalArgumentException("not a boolean");
    });
  }

  /** An integer in {@code [min, max]}. */
  public static Setting<Integer> integer(String name, int min, int max, String defaultText, String description) {
    return of(name, defaultText, description, "an integer in [" + min + ", " + max + "]", text -> {
      int v = Integer.parseInt(text.trim());
      if (v < min || v > max) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    });
  }

  /** A long in {@code [min, max]}. */
  public static Setting<Long> longInteger(String name, long min, long max, String defaultText,
      String description) {
    return of(name, defaultText, description, "an integer in [" + min + ", " + max + "]", text -> {
      long v = Long.parseLong(text.trim());
      if (v < min || v > max) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    });
  }

  /** One of the constants of {@code type}, any case. */
  public static <E extends Enum<E>> Setting<E> enumeration(String name, Class<E> type, String defaultText,
      String description) {
    return of(name, defaultText, description, "one of " + Arrays.toString(type.getEnumConstants()),
        text -> Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT)));
  }

  /**
   * A duration: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT10M}).
   *
   * @param allowZero whether zero ({@code 0}, {@code 0s}; e.g. "no expiry") is accepted; negative durations
   *     never are
   */
  public static Setting<Duration> duration(String name, boolean allowZero, String defaultText,
      String description) {
    String accepted = "a " + (allowZero ? "non-negative" : "positive")
        + " duration, e.g. 500ms, 30s, 10m, 2h, 1d or PT10M";
    return of(name, defaultText, description, accepted, text -> {
      Duration d = parseDuration(text);
      if (d.isNegative() || (!allowZero && d.isZero())) {
        throw new IllegalArgumentException("out of range");
      }
      return d;
    });
  }

  /** Non-blank text, trimmed. */
  public static Setting<String> text(String name, String defaultText, String description) {
    return of(name, defaultText, description, "non-blank text", text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("blank");
      }
      return text.trim();
    });
  }

  /** A file system path. */
  public static Setting<Path> path(String name, String defaultText, String description) {
    return of(name, defaultText, description, "a file system path", text -> {
      if (text.isBlank()) {
        throw new IllegalArgumentException("blank");
      }
      try {
        return Path.of(text.trim());
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    });
  }

  // The project's one duration grammar (core.support.Durations), plus a zero ("0", "0s") that the grammar
  // refuses but a setting may mean as "no expiry".
  private static Duration parseDuration(String text) {
    String t = text.trim();
    if (ZERO.matcher(t).matches()) {
      return Duration.ZERO;
    }
    return Durations.parse(t);
  }

  /** The name relative to {@code optimizer.}, e.g. {@code cache.*.ttl}. */
  public String name() {
    return name;
  }

  /** Whether the name has a {@code *} segment, filled with an instance name (e.g. a cache's). */
  public boolean perInstance() {
    return name.indexOf('*') >= 0;
  }

  /** The system property, e.g. {@code optimizer.cache.l1-size} or {@code optimizer.cache.<name>.ttl}. */
  public String propertyName() {
    return "optimizer." + name.replace("*", "<name>");
  }

  /** The environment variable, e.g. {@code OPTIMIZER_CACHE_L1_SIZE} or {@code OPTIMIZER_CACHE_<NAME>_TTL}. */
  public String environmentName() {
    return "OPTIMIZER_" + envForm(name).replace("*", "<NAME>");
  }

  /** The default as documentation shows it. */
  public String defaultText() {
    return defaultText;
  }

  /** What the setting does. */
  public String description() {
    return description;
  }

  /** What values are accepted, as error messages quote it. */
  public String accepted() {
    return accepted;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if malformed or out of range
   */
  public T parse(String text) {
    return parser.apply(Objects.requireNonNull(text, "text"));
  }

  /** The setting's name with the {@code *} segment replaced by {@code instance}. */
  String keyFor(String instance) {
    return name.replace("*", instance);
  }

  /** The environment form of a relative key: upper case, {@code .} and {@code -} as {@code _}. */
  static String envForm(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  @Override
  public String toString() {
    return propertyName();
  }
}
