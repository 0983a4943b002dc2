package dev.optimizer.core.spi;

import java.util.List;

/**
 * The settings one module understands, found through {@link java.util.ServiceLoader}: a module jar lists
 * its implementation in {@code META-INF/services/dev.optimizer.core.spi.ModuleSettings}. The core reads
 * every listed module's settings when it binds {@code optimizer.*} system properties and {@code OPTIMIZER_*}
 * environment variables, so that a setting of a module on the classpath is known (not reported as unknown)
 * and its value is checked before anything starts. A module reads the values through
 * {@link ModuleContext#settings()}.
 *
 * <p>Implementations have a public no-argument constructor, are cheap to create, and are thread-safe.
 */
public interface ModuleSettings {
  /** The module's name, the first segment of its settings, e.g. {@code cache}. */
  String module();

  /** The module's settings; each name starts with {@link #module()} followed by a dot. */
  List<Setting<?>> settings();
}
