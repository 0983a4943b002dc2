package dev.optimizer.core.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * Every known setting (the core's and those of each {@link ModuleSettings} found by the class loader), with
 * name matching for properties and environment variables and the nearest-name hint for unknown ones.
 */
public final class SettingsCatalog {
  /** Discovered lists per class loader: {@code RedisConfig.ofDefaults()} binds often, ServiceLoader is slow. */
  private static final Map<ClassLoader, List<Setting<?>>> DISCOVERED = new WeakHashMap<>();

  private final List<Setting<?>> settings;
  private final List<Pattern> propertyPatterns = new ArrayList<>();
  private final List<Pattern> environmentPatterns = new ArrayList<>();

  public SettingsCatalog(List<Setting<?>> settings) {
    this.settings = List.copyOf(settings);
    for (Setting<?> s : this.settings) {
      propertyPatterns.add(Pattern.compile(s.name().replace(".", "\\.").replace("*", "[A-Za-z0-9._-]+")));
      environmentPatterns.add(Pattern.compile(s.name().toUpperCase(Locale.ROOT).replace('.', '_')
          .replace('-', '_').replace("*", "[A-Z0-9_]+")));
    }
  }

  /** The thread's context class loader, else the core's. */
  public static ClassLoader defaultLoader() {
    ClassLoader ctx = Thread.currentThread().getContextClassLoader();
    return ctx != null ? ctx : SettingsCatalog.class.getClassLoader();
  }

  /**
   * The core's settings and every module's that {@code loader} finds.
   *
   * @throws IllegalStateException if a module lists a setting outside its own name
   */
  public static List<Setting<?>> discover(ClassLoader loader) {
    synchronized (DISCOVERED) {
      List<Setting<?>> cached = DISCOVERED.get(loader);
      if (cached != null) {
        return cached;
      }
    }
    List<Setting<?>> all = new ArrayList<>(SettingsBinder.CORE_SETTINGS);
    for (ModuleSettings m : ServiceLoader.load(ModuleSettings.class, loader)) {
      for (Setting<?> s : m.settings()) {
        if (!s.name().startsWith(m.module() + ".")) {
          throw new IllegalStateException("module " + m.module() + " lists setting " + s.name()
              + " outside its own prefix");
        }
        if (all.stream().noneMatch(k -> k.name().equals(s.name()))) {
          all.add(s);
        }
      }
    }
    List<Setting<?>> out = List.copyOf(all);
    synchronized (DISCOVERED) {
      DISCOVERED.put(loader, out);
    }
    return out;
  }

  /** The known settings. */
  public List<Setting<?>> settings() {
    return settings;
  }

  /** The setting a property name (without {@code optimizer.}) stands for; exact names beat patterns. */
  public Optional<Setting<?>> matchProperty(String relative) {
    return match(relative, propertyPatterns);
  }

  /** The setting an environment variable name (without {@code OPTIMIZER_}) stands for. */
  public Optional<Setting<?>> matchEnvironment(String relative) {
    return match(relative, environmentPatterns);
  }

  private Optional<Setting<?>> match(String relative, List<Pattern> patterns) {
    Setting<?> byPattern = null;
    for (int i = 0; i < settings.size(); i++) {
      if (patterns.get(i).matcher(relative).matches()) {
        if (!settings.get(i).perInstance()) {
          return Optional.of(settings.get(i));
        }
        if (byPattern == null) {
          byPattern = settings.get(i);
        }
      }
    }
    return Optional.ofNullable(byPattern);
  }

  /** The known property name nearest to {@code relative} (edit distance), e.g. {@code optimizer.level}. */
  public String nearestProperty(String relative) {
    return nearest("optimizer." + relative, Setting::propertyName);
  }

  /** The known environment variable nearest to {@code relative}, e.g. {@code OPTIMIZER_LEVEL}. */
  public String nearestEnvironment(String relative) {
    return nearest("OPTIMIZER_" + relative, Setting::environmentName);
  }

  private String nearest(String written, java.util.function.Function<Setting<?>, String> form) {
    return settings.stream().map(form)
        .min(Comparator.<String>comparingInt(k -> distance(written, k)).thenComparing(k -> k))
        .orElse("(none)");
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] prev = new int[y.length() + 1];
    int[] cur = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length()];
  }
}
