package dev.optimizer.lazy.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.util.List;

/** The lazy module's {@code optimizer.lazy.*} settings, listed for the core through ServiceLoader. */
public final class LazySettings implements ModuleSettings {
  public static final Setting<Integer> PRELOAD_COUNT = Setting.integer("lazy.preload-count", 0,
      Integer.MAX_VALUE, "unlimited", "most PRELOAD loaders one preload pass queues (LazyConfig.preloadLimit); "
          + "0 turns preloading off");
  public static final Setting<Integer> PRELOAD_CONCURRENCY = Setting.integer("lazy.preload-concurrency", 1, 256,
      "2", "preloads running at the same time at most");

  @Override
  public String module() {
    return "lazy";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(PRELOAD_COUNT, PRELOAD_CONCURRENCY);
  }
}
