package dev.optimizer.core;

/**
 * A preset for {@link OptimizerConfig}: the defaults an environment wants before any explicit setting.
 *
 * <ul>
 *   <li>{@link #DEVELOPMENT}: every feature on, level {@link OptimizationLevel#BASIC}, a 2 s monitor interval.
 *   <li>{@link #PRODUCTION}: every feature on, level {@link OptimizationLevel#ADVANCED}, a 5 s interval.
 *   <li>{@link #TEST}: cache, batch, compression, lazy and limit features off (annotated methods go straight to
 *       the target, as a test suite wants), level {@link OptimizationLevel#NONE}, monitoring off.
 * </ul>
 */
public enum Profile {
  /** Local development: features on, gentle tuning. */
  DEVELOPMENT,
  /** Production: features on, full tuning. */
  PRODUCTION,
  /** Test suites: features, tuning and monitoring off. */
  TEST
}
