package dev.optimizer.bench.demo;

import dev.optimizer.lazy.LazyLoad;

/**
 * The application's configuration: slow to assemble, read on every request. Through the optimizer it is
 * assembled once and then read.
 */
public interface SettingsService {
  /** The configuration string. */
  @LazyLoad(ttl = "10m")
  String settings();
}
