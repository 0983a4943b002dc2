package dev.optimizer.core;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.time.Duration;
import java.util.List;

/** A module's settings as the core finds them through ServiceLoader (test resources list this class). */
public final class DemoModuleSettings implements ModuleSettings {
  static final Setting<Integer> SIZE = Setting.integer("demo.size", 1, 100, "10", "a size");
  static final Setting<Duration> TTL = Setting.duration("demo.*.ttl", true, "none", "per-instance TTL");

  @Override
  public String module() {
    return "demo";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(SIZE, TTL);
  }
}
