package dev.optimizer.limit.internal;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Pressure;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.TuningEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The tuning loop's cap on a concurrency limit under CPU pressure: each pass under pressure lowers it by
 * the level's step fraction of the limit it started from, never below the level's floor fraction of it
 * (nor the limiter's minimum); once CPU is relieved it rises by the same steps and is lifted when it
 * reaches the estimate. Thread-safe.
 */
final class ConcurrencyCap implements Tunable {
  static final int NONE = Integer.MAX_VALUE;

  private final String name;
  private final String limiter;
  private final int minLimit;
  private final IntSupplier estimate;
  private final Runnable onChange;
  private volatile int cap = NONE;
  private int baseline; // the estimate when capping began; guarded by this

  ConcurrencyCap(String limiter, int minLimit, IntSupplier estimate, Runnable onChange) {
    this.name = "limit." + limiter + ".concurrency";
    this.limiter = limiter;
    this.minLimit = minLimit;
    this.estimate = estimate;
    this.onChange = onChange;
  }

  int cap() {
    return cap;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized List<TuningEvent> adjust(Pressure pressure) {
    OptimizationLevel level = pressure.level();
    if (!level.tunes()) {
      return List.of();
    }
    Instant at = pressure.snapshot().at().equals(Instant.EPOCH) ? Instant.now() : pressure.snapshot().at();
    int before = cap;
    if (pressure.cpuHigh()) {
      int current = Math.min(before, estimate.getAsInt());
      if (before == NONE) {
        baseline = current;
      }
      int step = Math.max(1, (int) Math.ceil(baseline * level.stepFraction()));
      int floor = Math.max(minLimit, (int) Math.ceil(baseline * level.floorFraction()));
      int next = Math.max(floor, current - step);
      if (next >= current && before != NONE) {
        return List.of();
      }
      return move(before, Math.min(next, current), at, "CPU pressure " + percent(pressure.cpu()) + " >= threshold "
          + percent(pressure.cpuThreshold()));
    }
    if (pressure.cpuRelieved() && before != NONE) {
      int step = Math.max(1, (int) Math.ceil(baseline * level.stepFraction()));
      int next = before + step;
      return move(before, next >= estimate.getAsInt() ? NONE : next, at, "CPU pressure relieved ("
          + percent(pressure.cpu()) + ")");
    }
    return List.of();
  }

  private List<TuningEvent> move(int from, int to, Instant at, String reason) {
    if (from == to) {
      return List.of();
    }
    cap = to;
    onChange.run();
    return List.of(new TuningEvent(at, "limit." + limiter, "concurrencyCap",
        text(from), text(to), reason));
  }

  private static String text(int cap) {
    return cap == NONE ? "none" : Integer.toString(cap);
  }

  private static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }
}
