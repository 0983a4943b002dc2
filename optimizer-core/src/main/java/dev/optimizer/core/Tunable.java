package dev.optimizer.core;

import dev.optimizer.core.spi.TunableLimit;
import java.util.List;

/**
 * Something the tuning loop may adjust: an L1 cache size, a worker count, a compression level.
 *
 * <p>Once per monitor interval, while the {@link OptimizationLevel} tunes, the loop calls
 * {@link #adjust(Pressure)} on its single tuning thread. An implementation moves its setting by a bounded
 * step under pressure, steps back towards its configured baseline when pressure is relieved, and returns
 * one {@link TuningEvent} per change (empty when it holds). {@link TunableLimit} does the arithmetic for
 * an integer setting.
 */
public interface Tunable {
  /** A stable name used in events and metrics tags, e.g. {@code cache.users}. */
  String name();

  /**
   * Reacts to the current pressure.
   *
   * @return the changes made, possibly empty; never null
   */
  List<TuningEvent> adjust(Pressure pressure);
}
