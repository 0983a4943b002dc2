package dev.optimizer.batch.internal;

import dev.optimizer.core.Pressure;
import dev.optimizer.core.Tunable;
import dev.optimizer.core.spi.TunableLimit;
import dev.optimizer.core.TuningEvent;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Caps the concurrent batches per job under CPU pressure, one bounded step per tuning pass, and restores
 * them step by step once the pressure is relieved. Running PARALLEL helpers above the new cap finish their
 * batch and leave; ADAPTIVE jobs lower their concurrency limit.
 */
public final class WorkerCapTunable implements Tunable {
  private final String name;
  private final TunableLimit limit;

  /**
   * @param processor the processor's name
   * @param workers the configured maximum, the baseline
   * @param apply receives each new cap
   */
  public WorkerCapTunable(String processor, int workers, IntConsumer apply) {
    this.name = "batch." + processor + ".workers";
    this.limit = new TunableLimit("batch." + processor, "maxWorkers", workers, 1, apply);
  }

  @Override
  public String name() {
    return name;
  }

  /** The cap in force. */
  public int current() {
    return limit.current();
  }

  @Override
  public List<TuningEvent> adjust(Pressure pressure) {
    return limit.react(pressure.cpuHigh(), pressure.cpuRelieved(), pressure, "CPU").map(List::of).orElse(List.of());
  }
}
