package dev.optimizer.core.spi;

import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.internal.SettingsCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code optimizer.*} system properties and {@code OPTIMIZER_*} environment variables of a process (or of
 * the maps a test passes), checked against every known {@link Setting}: the core's and those of each
 * {@link ModuleSettings} on the classpath. A system property beats an environment variable; a module applies
 * a value only to settings its configuration's builder did not set explicitly.
 *
 * <p>Binding rules: an unknown {@code optimizer.*} system property, or a malformed value of a known setting
 * from either source, throws {@link InvalidSettingException} naming the setting (and, when unknown, the
 * nearest known one). An unknown {@code OPTIMIZER_*} environment variable is only a WARN naming the nearest
 * known setting, kept in {@link #warnings()}: containers carry variables that are not ours. Immutable and
 * thread-safe.
 */
public final class Settings {
  private static final Logger log = LoggerFactory.getLogger(Settings.class);
  private static final String PREFIX = "optimizer.";
  private static final String ENV_PREFIX = "OPTIMIZER_";
  private static final Settings EMPTY = new Settings(Map.of(), Map.of(), List.of());

  /** One raw value with the name it was found under, so errors can name what the user wrote. */
  private record Raw(String source, String value) {}

  private final Map<String, Raw> properties;
  private final Map<String, Raw> environment;
  private final List<String> warnings;

  private Settings(Map<String, Raw> properties, Map<String, Raw> environment, List<String> warnings) {
    this.properties = properties;
    this.environment = environment;
    this.warnings = List.copyOf(warnings);
  }

  /** No values at all: every setting takes its default. */
  public static Settings empty() {
    return EMPTY;
  }

  /**
   * The process's environment and system properties, checked against the settings of the modules the
   * thread's context class loader (or the core's) can see.
   *
   * @throws InvalidSettingException if an {@code optimizer.*} property is unknown, or a known setting's
   *     value is malformed
   */
  public static Settings fromProcess() {
    return bind(System.getenv(), System.getProperties());
  }

  /**
   * Binds the given environment and system properties (entries without the {@code OPTIMIZER_} or
   * {@code optimizer.} prefix are ignored), checked against the settings of the modules the thread's context
   * class loader (or the core's) can see.
   *
   * @param environment variable name to value, e.g. {@code System.getenv()} or a test's map
   * @param properties e.g. {@code System.getProperties()} or a test's
   * @throws InvalidSettingException if an {@code optimizer.*} property is unknown, or a known setting's
   *     value is malformed
   */
  public static Settings bind(Map<String, String> environment, Properties properties) {
    return bind(environment, properties, SettingsCatalog.discover(SettingsCatalog.defaultLoader()));
  }

  /**
   * Binds against an explicit list of known settings instead of discovering them.
   *
   * @throws InvalidSettingException as {@link #bind(Map, Properties)}
   */
  public static Settings bind(Map<String, String> environment, Properties properties, List<Setting<?>> known) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(properties, "properties");
    SettingsCatalog catalog = new SettingsCatalog(known);
    List<String> warnings = new ArrayList<>();
    Map<String, Raw> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      if (!e.getKey().startsWith(ENV_PREFIX) || e.getValue() == null) {
        continue;
      }
      String rel = e.getKey().substring(ENV_PREFIX.length());
      Optional<Setting<?>> setting = catalog.matchEnvironment(rel);
      if (setting.isEmpty()) {
        String w = e.getKey() + " is not a known setting and is ignored; the nearest known one is "
            + catalog.nearestEnvironment(rel);
        warnings.add(w);
        log.warn(w);
        continue;
      }
      Raw raw = new Raw(e.getKey(), e.getValue());
      check(setting.get(), raw);
      env.put(rel, raw);
    }
    Map<String, Raw> props = new LinkedHashMap<>();
    for (String name : new TreeMap<>(asMap(properties)).keySet()) {
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String rel = name.substring(PREFIX.length());
      Setting<?> setting = catalog.matchProperty(rel).orElseThrow(() -> new InvalidSettingException(name,
          "unknown setting; the nearest known one is " + catalog.nearestProperty(rel)
              + " (a module's settings are known when its jar is on the classpath)"));
      Raw raw = new Raw(name, properties.getProperty(name));
      check(setting, raw);
      props.put(rel, raw);
    }
    return new Settings(Map.copyOf(props), Map.copyOf(env), warnings);
  }

  private static Map<String, String> asMap(Properties properties) {
    Map<String, String> m = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      m.put(name, properties.getProperty(name));
    }
    return m;
  }

  private static <T> T check(Setting<T> setting, Raw raw) {
    try {
      return setting.parse(raw.value());
    } catch (RuntimeException e) {
      throw new InvalidSettingException(raw.source(), "'" + raw.value() + "' is not " + setting.accepted());
    }
  }

  /**
   * The value of a module-wide setting: the system property if set, else the environment variable, else
   * empty (the caller's default applies).
   *
   * @throws IllegalArgumentException if {@code setting} is per-instance (use {@link #get(Setting, String)})
   */
  public <T> Optional<T> get(Setting<T> setting) {
    if (setting.perInstance()) {
      throw new IllegalArgumentException(setting + " is per instance; pass the instance name");
    }
    return find(setting, setting.name()).map(raw -> check(setting, raw));
  }

  /**
   * The value of a per-instance setting for {@code instance}, e.g. {@code cache.*.ttl} for the cache
   * {@code users} reads {@code optimizer.cache.users.ttl}, then {@code OPTIMIZER_CACHE_USERS_TTL}.
   *
   * @throws IllegalArgumentException if {@code setting} is not per-instance
   */
  public <T> Optional<T> get(Setting<T> setting, String instance) {
    Objects.requireNonNull(instance, "instance");
    if (!setting.perInstance()) {
      throw new IllegalArgumentException(setting + " is not per instance");
    }
    return find(setting, setting.keyFor(instance)).map(raw -> check(setting, raw));
  }

  /**
   * Where a module-wide setting's value comes from as the user wrote it (e.g. {@code OPTIMIZER_LEVEL}), or
   * empty when it is not set; for error messages.
   */
  public Optional<String> sourceOf(Setting<?> setting) {
    return find(setting, setting.name()).map(Raw::source);
  }

  /** The raw text of a module-wide setting, for settings whose value the caller parses itself. */
  public Optional<String> text(Setting<?> setting) {
    return find(setting, setting.name()).map(Raw::value);
  }

  private Optional<Raw> find(Setting<?> setting, String key) {
    Objects.requireNonNull(setting, "setting");
    Raw raw = properties.get(key);
    if (raw == null) {
      raw = environment.get(Setting.envForm(key));
    }
    return Optional.ofNullable(raw);
  }

  /** The WARN messages about unknown {@code OPTIMIZER_*} variables, in name order; empty if none. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "Settings{properties=" + properties.keySet() + ", environment=" + environment.keySet() + "}";
  }
}
