package dev.optimizer.core;

/**
 * How far the tuning loop may move a setting away from its configured baseline under pressure.
 *
 * <p>Each {@link TunableLimit} steps by {@link #stepFraction()} of its baseline per tuning pass and never
 * below {@link #floorFraction()} of it; when pressure falls it steps back up to the baseline.
 */
public enum OptimizationLevel {
  /** Monitor only: no {@link Tunable} is ever asked to change anything. */
  NONE(0.0, 1.0),
  /** Small steps, never below half of a baseline. */
  BASIC(0.25, 0.5),
  /** Small steps, down to a quarter of a baseline. */
  ADVANCED(0.25, 0.25),
  /** Large steps, down to a tenth of a baseline. */
  AGGRESSIVE(0.5, 0.1);

  private final double stepFraction;
  private final double floorFraction;

  OptimizationLevel(double stepFraction, double floorFraction) {
    this.stepFraction = stepFraction;
    this.floorFraction = floorFraction;
  }

  /** Fraction of a baseline moved per tuning pass, in [0, 1]. */
  public double stepFraction() {
    return stepFraction;
  }

  /** Lowest fraction of a baseline a setting may be moved to, in (0, 1]. */
  public double floorFraction() {
    return floorFraction;
  }

  /** Whether tunables are consulted at all at this level. */
  public boolean tunes() {
    return this != NONE;
  }
}
