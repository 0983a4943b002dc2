package dev.optimizer.compress.internal;

import dev.optimizer.compress.Level;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.TuningEvent;
import java.time.Instant;
import java.util.List;

/**
 * The engine's default level under tuning: one step faster per pass while CPU is high (never below
 * {@link Level#FAST}), one step back per pass once relieved (never above the configured level).
 * Thread-safe; the level is read on every compress without locking.
 */
final class LevelTunable implements Tunable {
  private final Level baseline;
  private volatile Level current;

  LevelTunable(Level baseline) {
    this.baseline = baseline;
    this.current = baseline;
  }

  Level current() {
    return current;
  }

  @Override
  public String name() {
    return "compress.level";
  }

  @Override
  public synchronized List<TuningEvent> adjust(Pressure pressure) {
    Level from = current;
    Level to = from;
    String reason;
    if (pressure.cpuHigh() && pressure.level().tunes()) {
      to = from.faster();
      reason = "CPU pressure " + percent(pressure.cpu()) + " >= threshold " + percent(pressure.cpuThreshold());
    } else if (pressure.cpuRelieved() && from != baseline) {
      to = Level.values()[from.ordinal() + 1];
      reason = "CPU pressure relieved (" + percent(pressure.cpu()) + ")";
    } else {
      return List.of();
    }
    if (to == from) {
      return List.of();
    }
    current = to;
    Instant at = pressure.at();
    return List.of(new TuningEvent(at, "compress", "level", from.name(), to.name(), reason));
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }
}
