package dev.optimizer.core;

/**
 * Receives every {@link TuningEvent}, on the tuning thread (or the caller of
 * {@link Optimizer#optimizeNow()}). Must return quickly; an exception is logged and counted, and the
 * next listener still runs.
 */
@FunctionalInterface
public interface TuningListener {
  /** Called once per event. */
  void onEvent(TuningEvent event);
}
