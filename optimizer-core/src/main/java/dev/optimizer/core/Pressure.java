package dev.optimizer.core;

import java.time.Instant;

/**
 * What the tuning loop tells each {@link Tunable}: how loaded the machine is against the configured
 * thresholds. Immutable.
 *
 * <p>{@code cpu} is the higher of system and process CPU utilisation; {@code memory} the higher of
 * physical memory and heap utilisation, both fractions in [0, 1]. A resource is <em>high</em> at or above
 * its threshold and <em>relieved</em> below {@value #RELIEF} of it; in between, tunables hold their
 * settings, so a figure hovering at the threshold does not make them flap.
 *
 * @param cpu CPU utilisation, fraction
 * @param memory memory utilisation, fraction
 * @param cpuThreshold configured CPU threshold
 * @param memoryThreshold configured memory threshold
 * @param level configured optimization level
 * @param snapshot the snapshot the figures came from
 */
public record Pressure(double cpu, double memory, double cpuThreshold, double memoryThreshold,
    OptimizationLevel level, SystemSnapshot snapshot) {
  /** Fraction of a threshold below which pressure counts as relieved. */
  public static final double RELIEF = 0.85;

  /** Pressure from figures alone, for tests and simulations. */
  public static Pressure of(double cpu, double memory, OptimizerConfig config) {
    return new Pressure(cpu, memory, config.cpuThreshold(), config.memoryThreshold(), config.level(),
        SystemSnapshot.EMPTY);
  }

  /**
   * When this pressure was measured: the snapshot's time. The tuning loop stamps a pass that runs before
   * the first sample with its ticker's wall time, so only {@link #of} gives {@link Instant#EPOCH}.
   */
  public Instant at() {
    return snapshot.at();
  }

  /** CPU at or above its threshold. */
  public boolean cpuHigh() {
    return cpu >= cpuThreshold;
  }

  /** CPU below {@link #RELIEF} of its threshold. */
  public boolean cpuRelieved() {
    return cpu < cpuThreshold * RELIEF;
  }

  /** Memory at or above its threshold. */
  public boolean memoryHigh() {
    return memory >= memoryThreshold;
  }

  /** Memory below {@link #RELIEF} of its threshold. */
  public boolean memoryRelieved() {
    return memory < memoryThreshold * RELIEF;
  }
}
