package dev.optimizer.bench.demo;

import dev.optimizer.core.Optimizer;
import java.nio.file.Path;
import java.util.Optional;

/** The expensive configuration value: assembled on every request when nothing keeps it. */
final class SettingsPart implements DemoPart {
  /** The plain implementation: assembles the configuration on each call. */
  static class RemoteSettings implements SettingsService {
    private final Backend backend;

    RemoteSettings(Backend backend) {
      this.backend = backend;
    }

    @Override
    public String settings() {
      return backend.settings();
    }
  }

  @Override
  public String name() {
    return "expensive config value: " + Workloads.REQUESTS + " requests";
  }

  @Override
  public PartResult plain(Backend backend) {
    return run(new RemoteSettings(backend), backend);
  }

  @Override
  public Optional<PartResult> optimized(Backend backend, Optimizer optimizer, Path dir) {
    return Optional.of(run(optimizer.proxy(SettingsService.class, new RemoteSettings(backend)), backend));
  }

  static PartResult run(SettingsService settings, Backend backend) {
    long start = System.nanoTime();
    for (int i = 0; i < Workloads.REQUESTS; i++) {
      if (!settings.settings().startsWith("currency=")) {
        throw new IllegalStateException("wrong settings");
      }
    }
    return new PartResult(backend.calls(), (System.nanoTime() - start) / 1e6, -1);
  }
}
