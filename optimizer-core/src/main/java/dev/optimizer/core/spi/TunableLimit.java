package dev.optimizer.core.spi;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.TuningEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A bounded, reversible integer setting, the building block of most {@link Tunable}s.
 *
 * <p>Under pressure it steps down by {@code ceil(baseline * level.stepFraction())} per pass, never below
 * {@code max(min, ceil(baseline * level.floorFraction()))}; when relieved it steps back up by the same
 * amount, never above the baseline. Every change is applied through the consumer given at construction
 * and returned as a {@link TuningEvent}. Thread-safe.
 */
public final class TunableLimit {
  private final String target;
  private final String setting;
  private final int min;
  private final IntConsumer apply;
  private int baseline;
  private int current;

  /**
   * @param target what the setting belongs to, e.g. {@code cache.users.l1}
   * @param setting the setting's name, e.g. {@code maximumSize}
   * @param baseline the configured value, which tuning returns to; at least {@code min}
   * @param min the hard lower bound whatever the level, at least 0
   * @param apply called with each new value, on the tuning thread
   * @throws IllegalArgumentException if {@code min < 0} or {@code baseline < min}
   */
  public TunableLimit(String target, String setting, int baseline, int min, IntConsumer apply) {
    this.target = Objects.requireNonNull(target, "target");
    this.setting = Objects.requireNonNull(setting, "setting");
    this.apply = Objects.requireNonNull(apply, "apply");
    if (min < 0 || baseline < min) {
      throw new IllegalArgumentException("need 0 <= min <= baseline, got min=" + min + " baseline="
          + baseline + " for " + target + "." + setting);
    }
    this.min = min;
    this.baseline = baseline;
    this.current = baseline;
  }

  /** The value in force now. */
  public synchronized int current() {
    return current;
  }

  /** The configured value tuning returns to. */
  public synchronized int baseline() {
    return baseline;
  }

  /** The lowest value {@code level} allows. */
  public synchronized int floor(OptimizationLevel level) {
    return Math.max(min, (int) Math.ceil(baseline * level.floorFraction()));
  }

  /**
   * Shrinks under {@code high}, grows back when {@code relieved}, holds otherwise.
   *
   * @param resource the pressured resource in words, e.g. {@code CPU}, used in the event's reason
   * @return the change made, if any
   */
  public Optional<TuningEvent> react(boolean high, boolean relieved, Pressure pressure, String resource) {
    Instant at = pressure.at();
    if (high) {
      return shrink(pressure.level(), at, resource + " pressure " + percent(pressureOf(resource, pressure))
          + " >= threshold " + percent(thresholdOf(resource, pressure)));
    }
    if (relieved) {
      return restore(pressure.level(), at, resource + " pressure relieved ("
          + percent(pressureOf(resource, pressure)) + ")");
    }
    return Optional.empty();
  }

  /** Steps down one step, bounded by the floor of {@code level}. */
  public synchronized Optional<TuningEvent> shrink(OptimizationLevel level, Instant at, String reason) {
    if (!level.tunes()) {
      return Optional.empty();
    }
    int step = Math.max(1, (int) Math.ceil(baseline * level.stepFraction()));
    return moveTo(Math.max(floor(level), current - step), at, reason);
  }

  /** Steps up one step, bounded by the baseline. */
  public synchronized Optional<TuningEvent> restore(OptimizationLevel level, Instant at, String reason) {
    double fraction = level.tunes() ? level.stepFraction() : 1.0;
    int step = Math.max(1, (int) Math.ceil(baseline * fraction));
    return moveTo(Math.min(baseline, current + step), at, reason);
  }

  /**
   * Changes the baseline (a user reconfiguring) and applies it at once, dropping any tuning in force.
   *
   * @throws IllegalArgumentException if {@code baseline < min}
   */
  public synchronized void rebase(int newBaseline) {
    if (newBaseline < min) {
      throw new IllegalArgumentException(target + "." + setting + " baseline must be >= " + min
          + ", was " + newBaseline);
    }
    baseline = newBaseline;
    current = newBaseline;
    apply.accept(newBaseline);
  }

  private Optional<TuningEvent> moveTo(int next, Instant at, String reason) {
    if (next == current) {
      return Optional.empty();
    }
    int from = current;
    current = next;
    apply.accept(next);
    return Optional.of(new TuningEvent(at, target, setting, Integer.toString(from), Integer.toString(next),
        reason));
  }

  private static double pressureOf(String resource, Pressure p) {
    return resource.equalsIgnoreCase("cpu") ? p.cpu() : p.memory();
  }

  private static double thresholdOf(String resource, Pressure p) {
    return resource.equalsIgnoreCase("cpu") ? p.cpuThreshold() : p.memoryThreshold();
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }
}
