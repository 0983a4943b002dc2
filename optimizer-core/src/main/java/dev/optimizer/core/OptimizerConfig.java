package dev.optimizer.core;

import dev.optimizer.core.internal.SettingsBinder;
import dev.optimizer.core.internal.SettingsCatalog;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of an {@link Optimizer}.
 *
 * <p>Values are resolved in this order, first one wins: an explicit builder call; a system property
 * {@code optimizer.*}; an environment variable {@code OPTIMIZER_*}; the {@link Profile}'s preset. Names map
 * one to one: {@code optimizer.cpu-threshold} is {@code OPTIMIZER_CPU_THRESHOLD}. The settings are:
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>values</th></tr>
 *   <tr><td>optimizer.profile</td><td>DEVELOPMENT, PRODUCTION, TEST (default PRODUCTION)</td></tr>
 *   <tr><td>optimizer.level</td><td>NONE, BASIC, ADVANCED, AGGRESSIVE</td></tr>
 *   <tr><td>optimizer.cpu-threshold</td><td>a fraction in (0, 1], default 0.80</td></tr>
 *   <tr><td>optimizer.memory-threshold</td><td>a fraction in (0, 1], default 0.85</td></tr>
 *   <tr><td>optimizer.monitor-interval</td><td>a duration: {@code 500ms}, {@code 5s}, {@code 1m} or ISO-8601
 *       {@code PT5S}; 10 ms to 1 h</td></tr>
 *   <tr><td>optimizer.monitor-window</td><td>samples kept for averages and trends, 2 to 10000</td></tr>
 *   <tr><td>optimizer.leak-detection-collections</td><td>old-gen rises in a row that raise a leak event,
 *       2 to 1000</td></tr>
 *   <tr><td>optimizer.monitoring.enabled</td><td>true, false</td></tr>
 *   <tr><td>optimizer.cache.enabled, optimizer.batch.enabled, optimizer.compression.enabled,
 *       optimizer.lazy.enabled</td><td>true, false</td></tr>
 * </table>
 *
 * <p>The modules on the classpath add their own settings ({@code optimizer.cache.*}, {@code optimizer.batch.*},
 * {@code optimizer.compress.*}, {@code optimizer.lazy.*}, {@code optimizer.redis.*}); {@link #build} checks
 * them too, and each module applies them when the {@link Optimizer} starts it. {@code docs/configuration.md}
 * lists every setting.
 *
 * <p>An unknown {@code optimizer.*} property, or a malformed value of a known setting from either source,
 * makes {@link Builder#build()} throw {@link InvalidSettingException} naming the setting and the accepted
 * values (for an unknown one, the nearest known name). An unknown {@code OPTIMIZER_*} variable is logged as a
 * WARN naming the nearest known setting and listed in {@link #settingWarnings()}: containers carry variables
 * that are not ours. Instances are immutable and safe to share between threads.
 */
public final class OptimizerConfig {
  private final Profile profile;
  private final OptimizationLevel level;
  private final double cpuThreshold;
  private final double memoryThreshold;
  private final Duration monitorInterval;
  private final int monitorWindow;
  private final int leakDetectionCollections;
  private final boolean monitoringEnabled;
  private final Set<Feature> enabledFeatures;
  private final Settings settings;

  private OptimizerConfig(SettingsBinder.Resolved r, Settings settings) {
    this.settings = settings;
    this.profile = r.profile();
    this.level = r.level();
    this.cpuThreshold = r.cpuThreshold();
    this.memoryThreshold = r.memoryThreshold();
    this.monitorInterval = r.monitorInterval();
    this.monitorWindow = r.monitorWindow();
    this.leakDetectionCollections = r.leakDetectionCollections();
    this.monitoringEnabled = r.monitoringEnabled();
    this.enabledFeatures = r.enabledFeatures().isEmpty()
        ? Set.of() : Set.copyOf(EnumSet.copyOf(r.enabledFeatures()));
  }

  /**
   * The defaults bound from the process's environment and system properties.
   *
   * @throws InvalidSettingException if an {@code optimizer.*} property is unknown, or a known setting's value
   *     is malformed
   */
  public static OptimizerConfig ofDefaults() {
    return custom().build();
  }

  /** A builder that starts from nothing explicit; {@link Builder#build()} fills in the rest. */
  public static Builder custom() {
    return new Builder();
  }

  /** The profile whose preset supplied every value not set otherwise. */
  public Profile profile() {
    return profile;
  }

  /** How far tuning may move settings; {@link OptimizationLevel#NONE} disables tuning. */
  public OptimizationLevel level() {
    return level;
  }

  /** CPU utilisation (fraction of all cores, 0..1) at or above which CPU pressure is reported. */
  public double cpuThreshold() {
    return cpuThreshold;
  }

  /** Memory utilisation (fraction, 0..1) at or above which memory pressure is reported. */
  public double memoryThreshold() {
    return memoryThreshold;
  }

  /** Time between two samples of the system monitor, and so between two tuning passes. */
  public Duration monitorInterval() {
    return monitorInterval;
  }

  /** Number of samples kept for averages, maxima and trends. */
  public int monitorWindow() {
    return monitorWindow;
  }

  /** Consecutive rises of old-generation usage after GC that raise a leak-suspicion event. */
  public int leakDetectionCollections() {
    return leakDetectionCollections;
  }

  /**
   * Whether the optimizer runs its sampler thread. With monitoring off, tuning passes run only when
   * {@link Optimizer#optimizeNow()} is called.
   */
  public boolean monitoringEnabled() {
    return monitoringEnabled;
  }

  /**
   * The WARN messages about {@code OPTIMIZER_*} environment variables that name no known setting (each
   * names the nearest known one), in name order; empty if there were none. Never null.
   */
  public List<String> settingWarnings() {
    return settings.warnings();
  }

  /** The bound system properties and environment variables the modules read their settings from. */
  Settings settings() {
    return settings;
  }

  /** Whether the given module feature is on; a feature that is off leaves annotated methods untouched. */
  public boolean isEnabled(Feature feature) {
    return enabledFeatures.contains(Objects.requireNonNull(feature, "feature"));
  }

  @Override
  public String toString() {
    return "OptimizerConfig{profile=" + profile + ", level=" + level + ", cpuThreshold=" + cpuThreshold
        + ", memoryThreshold=" + memoryThreshold + ", monitorInterval=" + monitorInterval
        + ", monitorWindow=" + monitorWindow + ", leakDetectionCollections=" + leakDetectionCollections
        + ", monitoringEnabled=" + monitoringEnabled + ", features=" + enabledFeatures + "}";
  }

  /**
   * Builds an {@link OptimizerConfig}. Each setter checks its own argument and throws
   * {@link IllegalArgumentException} at once; {@link #build()} resolves the rest. Not thread-safe.
   */
  public static final class Builder {
    private final SettingsBinder.Explicit explicit = new SettingsBinder.Explicit();
    private Map<String, String> environment = System.getenv();
    private @Nullable Properties systemProperties;
    private @Nullable ClassLoader classLoader;

    private Builder() {}

    /** Sets the profile whose preset fills every value not set otherwise. */
    public Builder profile(Profile profile) {
      explicit.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** Sets the optimization level. */
    public Builder level(OptimizationLevel level) {
      explicit.level = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Sets the CPU threshold.
     *
     * @param fraction in (0, 1]
     * @throws IllegalArgumentException if out of range
     */
    public Builder cpuThreshold(double fraction) {
      explicit.cpuThreshold = SettingsBinder.checkFraction("cpuThreshold", fraction);
      return this;
    }

    /**
     * Sets the memory threshold.
     *
     * @param fraction in (0, 1]
     * @throws IllegalArgumentException if out of range
     */
    public Builder memoryThreshold(double fraction) {
      explicit.memoryThreshold = SettingsBinder.checkFraction("memoryThreshold", fraction);
      return this;
    }

    /**
     * Sets the monitor interval.
     *
     * @param interval 10 ms to 1 h
     * @throws IllegalArgumentException if out of range
     */
    public Builder monitorInterval(Duration interval) {
      explicit.monitorInterval = SettingsBinder.checkInterval("monitorInterval", interval);
      return this;
    }

    /**
     * Sets how many samples are kept for averages and trends.
     *
     * @param samples 2 to 10000
     */
    public Builder monitorWindow(int samples) {
      explicit.monitorWindow = SettingsBinder.checkRange("monitorWindow", samples, 2, 10_000);
      return this;
    }

    /**
     * Sets how many consecutive rises of old-generation usage after GC raise a leak event.
     *
     * @param collections 2 to 1000
     */
    public Builder leakDetectionCollections(int collections) {
      explicit.leakDetectionCollections =
          SettingsBinder.checkRange("leakDetectionCollections", collections, 2, 1000);
      return this;
    }

    /** Turns the sampler thread on or off. */
    public Builder monitoringEnabled(boolean enabled) {
      explicit.monitoringEnabled = enabled;
      return this;
    }

    /** Turns one module feature on or off. */
    public Builder feature(Feature feature, boolean enabled) {
      explicit.features.put(Objects.requireNonNull(feature, "feature"), enabled);
      return this;
    }

    /**
     * Replaces the environment variables consulted (default {@link System#getenv()}); tests pass a map.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * Replaces the system properties consulted (default {@link System#getProperties()} at build time).
     */
    public Builder systemProperties(Properties properties) {
      Properties copy = new Properties();
      copy.putAll(Objects.requireNonNull(properties, "properties"));
      this.systemProperties = copy;
      return this;
    }

    /**
     * The class loader whose {@code ModuleSettings} services name the modules' settings (default the
     * thread's context class loader, else the core's).
     */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Ignores environment variables and system properties: only explicit calls and the profile count. */
    public Builder ignoreEnvironment() {
      this.environment = Map.of();
      this.systemProperties = new Properties();
      return this;
    }

    /**
     * Resolves every setting.
     *
     * @throws InvalidSettingException if a bound system property is unknown, or a bound value (property or
     *     environment variable) is malformed
     */
    public OptimizerConfig build() {
      Properties props = systemProperties != null ? systemProperties : System.getProperties();
      ClassLoader loader = classLoader != null ? classLoader : SettingsCatalog.defaultLoader();
      Settings settings = Settings.bind(environment, props, SettingsCatalog.discover(loader));
      return new OptimizerConfig(SettingsBinder.resolve(explicit, settings), settings);
    }
  }
}
