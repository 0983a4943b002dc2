package dev.optimizer.core.spi;

import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.Ticker;
import dev.optimizer.core.Tunable;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/** What an {@link OptimizerModule} gets from the {@link Optimizer} it is started in. Thread-safe. */
public interface ModuleContext {
  /** The optimizer's configuration. */
  OptimizerConfig config();

  /**
   * The {@code optimizer.*} system properties and {@code OPTIMIZER_*} environment variables the optimizer's
   * configuration was bound from, already checked against every module's {@link Setting}s. A module applies
   * them in {@link OptimizerModule#start} to each setting its configuration's builder did not set
   * explicitly. The default is {@link Settings#empty()}, for contexts made outside the optimizer.
   */
  default Settings settings() {
    return Settings.empty();
  }

  /** The registry every module binds its meters to. */
  MeterRegistry meterRegistry();

  /**
   * The optimizer's one time source, set by {@code Optimizer.builder().ticker(..)} (default
   * {@link Ticker#system()}). A module uses it for every time a test would want to move (TTLs, expiry,
   * backoff, recheck intervals) unless its configuration was given a ticker explicitly, which then wins.
   */
  Ticker ticker();

  /** Registers a tunable with the tuning loop. */
  void registerTunable(Tunable tunable);

  /** Removes a tunable, e.g. when the component it tunes closes. */
  void unregisterTunable(Tunable tunable);

  /** Another started module of this optimizer, e.g. the cache reaching the compression engine. */
  <M extends OptimizerModule> Optional<M> module(Class<M> type);

  /**
   * Resolves interceptors for the given target, for modules that build proxies of their own.
   *
   * @throws IllegalStateException if the optimizer is closed
   */
  <T> T proxy(Class<T> type, T target);
}
