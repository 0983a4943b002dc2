package dev.optimizer.core.internal;

import dev.optimizer.core.Feature;
import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Profile;
import dev.optimizer.core.support.Durations;
import dev.optimizer.core.spi.Setting;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Resolves {@code OptimizerConfig} from explicit calls, system properties, environment and profile. */
public final class SettingsBinder {
  private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);

  /**
   * The core's settings, in the catalog every module's settings join. Their values are parsed here (with
   * the messages below), so the catalog only takes the text.
   */
  public static final List<Setting<?>> CORE_SETTINGS = List.of(
      core("profile", "PRODUCTION", "preset of every value not set otherwise: DEVELOPMENT, PRODUCTION, TEST"),
      core("level", "profile's (ADVANCED)", "how far tuning may move settings: NONE, BASIC, ADVANCED, "
          + "AGGRESSIVE"),
      core("cpu-threshold", "0.80", "CPU utilisation (fraction in (0, 1]) at which CPU pressure is reported"),
      core("memory-threshold", "0.85", "memory utilisation (fraction in (0, 1]) at which memory pressure is "
          + "reported"),
      core("monitor-interval", "profile's (5s)", "time between two samples and tuning passes, 10ms to 1h"),
      core("monitor-window", "60", "samples kept for averages and trends, 2 to 10000"),
      core("leak-detection-collections", "5", "old-gen rises in a row that raise a leak event, 2 to 1000"),
      core("monitoring.enabled", "profile's (true)", "whether the sampler thread runs"),
      core("cache.enabled", "profile's (true)", "whether @CacheResult, @CachePut, @CacheInvalidate act"),
      core("batch.enabled", "profile's (true)", "whether @BatchProcess, @ParallelProcess act"),
      core("compression.enabled", "profile's (true)", "whether @Compress, @Decompress act"),
      core("lazy.enabled", "profile's (true)", "whether @LazyLoad acts"),
      core("limit.enabled", "profile's (true)", "whether @RateLimit, @ConcurrencyLimit act"));

  private static Setting<String> core(String name, String defaultText, String description) {
    return Setting.of(name, defaultText, description, "see OptimizerConfig", text -> text);
  }

  private SettingsBinder() {}

  /** Values set by explicit builder calls; null means "not set". */
  public static final class Explicit {
    public @Nullable Profile profile;
    public @Nullable OptimizationLevel level;
    public @Nullable Double cpuThreshold;
    public @Nullable Double memoryThreshold;
    public @Nullable Duration monitorInterval;
    public @Nullable Integer monitorWindow;
    public @Nullable Integer leakDetectionCollections;
    public @Nullable Boolean monitoringEnabled;
    public final Map<Feature, Boolean> features = new EnumMap<>(Feature.class);
  }

  /** The fully resolved settings. */
  public record Resolved(Profile profile, OptimizationLevel level, double cpuThreshold,
      double memoryThreshold, Duration monitorInterval, int monitorWindow, int leakDetectionCollections,
      boolean monitoringEnabled, Set<Feature> enabledFeatures) {}

  /** One raw value with the name it was found under, so errors can name what the user wrote. */
  private record Raw(String source, String value) {}

  /**
   * Resolves the core's settings from explicit calls, then {@code settings} (already checked for unknown
   * names by {@link Settings#bind}), then the profile.
   */
  public static Resolved resolve(Explicit explicit, Settings settings) {
    Map<String, Raw> bound = collect(settings);

    Profile profile = pick(explicit.profile, bound.get("profile"),
        raw -> parseEnum(raw, Profile.class), Profile.PRODUCTION);
    Preset preset = Preset.of(profile);

    OptimizationLevel level = pick(explicit.level, bound.get("level"),
        raw -> parseEnum(raw, OptimizationLevel.class), preset.level);
    double cpu = pick(explicit.cpuThreshold, bound.get("cpu-threshold"),
        raw -> parseFraction(raw), 0.80);
    double mem = pick(explicit.memoryThreshold, bound.get("memory-threshold"),
        raw -> parseFraction(raw), 0.85);
    Duration interval = pick(explicit.monitorInterval, bound.get("monitor-interval"),
        SettingsBinder::parseDuration, preset.interval);
    int window = pick(explicit.monitorWindow, bound.get("monitor-window"),
        raw -> parseInt(raw, 2, 10_000), 60);
    int leak = pick(explicit.leakDetectionCollections, bound.get("leak-detection-collections"),
        raw -> parseInt(raw, 2, 1000), 5);
    boolean monitoring = pick(explicit.monitoringEnabled, bound.get("monitoring.enabled"),
        SettingsBinder::parseBoolean, preset.monitoring);

    Set<Feature> features = EnumSet.noneOf(Feature.class);
    for (Feature f : Feature.values()) {
      String key = f.name().toLowerCase(Locale.ROOT) + ".enabled";
      boolean on = pick(explicit.features.get(f), bound.get(key), SettingsBinder::parseBoolean,
          preset.features);
      if (on) {
        features.add(f);
      }
    }
    return new Resolved(profile, level, cpu, mem, interval, window, leak, monitoring, features);
  }

  private record Preset(OptimizationLevel level, Duration interval, boolean monitoring, boolean features) {
    static Preset of(Profile p) {
      return switch (p) {
        case DEVELOPMENT -> new Preset(OptimizationLevel.BASIC, Duration.ofSeconds(2), true, true);
        case PRODUCTION -> new Preset(OptimizationLevel.ADVANCED, Duration.ofSeconds(5), true, true);
        case TEST -> new Preset(OptimizationLevel.NONE, Duration.ofSeconds(5), false, false);
      };
    }
  }

  private static Map<String, Raw> collect(Settings settings) {
    Map<String, Raw> out = new LinkedHashMap<>();
    for (Setting<?> s : CORE_SETTINGS) {
      settings.text(s).ifPresent(value -> out.put(s.name(), new Raw(settings.sourceOf(s).orElseThrow(), value)));
    }
    return out;
  }

  private static <T> T pick(@Nullable T explicit, @Nullable Raw raw, Function<Raw, T> parser, T fallback) {
    if (explicit != null) {
      return explicit;
    }
    if (raw != null) {
      return parser.apply(raw);
    }
    return fallback;
  }

  private static <E extends Enum<E>> E parseEnum(Raw raw, Class<E> type) {
    String v = raw.value().trim().toUpperCase(Locale.ROOT);
    try {
      return Enum.valueOf(type, v);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(raw.source(), "'" + raw.value() + "' is not one of "
          + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static double parseFraction(Raw raw) {
    try {
      double d = Double.parseDouble(raw.value().trim());
      if (d > 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the accepted range
    }
    throw new InvalidSettingException(raw.source(), "'" + raw.value()
        + "' is not a fraction in (0, 1], e.g. 0.8");
  }

  private static int parseInt(Raw raw, int min, int max) {
    try {
      int i = Integer.parseInt(raw.value().trim());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the accepted range
    }
    throw new InvalidSettingException(raw.source(), "'" + raw.value() + "' is not an integer in ["
        + min + ", " + max + "]");
  }

  private static boolean parseBoolean(Raw raw) {
    String v = raw.value().trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new InvalidSettingException(raw.source(), "'" + raw.value() + "' is not one of [true, false]");
  }

  private static Duration parseDuration(Raw raw) {
    Duration d;
    try {
      d = Durations.parse(raw.value());
    } catch (IllegalArgumentException e) {
      InvalidSettingException invalid = new InvalidSettingException(raw.source(),
          "a duration from 10ms to 1h is required: " + e.getMessage());
      invalid.initCause(e);
      throw invalid;
    }
    if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
      throw new InvalidSettingException(raw.source(), "'" + raw.value()
          + "' is not a duration from 10ms to 1h; write e.g. 500ms, 5s, 1m or PT5S");
    }
    return d;
  }

  public static double checkFraction(String name, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
    }
    return value;
  }

  public static int checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
    }
    return value;
  }

  public static Duration checkInterval(String name, Duration value) {
    if (value == null || value.compareTo(MIN_INTERVAL) < 0 || value.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException(name + " must be from 10ms to 1h, was " + value);
    }
    return value;
  }
}
