package dev.optimizer.spring.internal;

/** Something a module's auto-configuration does to the runtime right after the optimizer starts. */
@FunctionalInterface
public interface RuntimeContribution {
  void contribute(OptimizerRuntime runtime);
}
