package dev.optimizer.spring;

import dev.optimizer.core.Optimizer;

/**
 * Adjusts the {@link Optimizer.Builder} the auto-configuration is about to build, after the
 * {@code optimizer.*} properties, the meter registry and the module beans were applied: e.g. a ticker, a
 * sample source, or a module of your own. Declare it as a bean; several run in {@code @Order}.
 */
@FunctionalInterface
public interface OptimizerCustomizer {
  /** Called once, on the thread creating the optimizer bean. */
  void customize(Optimizer.Builder builder);
}
