package dev.optimizer.lazy.internal;

import java.util.concurrent.atomic.LongAdder;

/** Counts the loads of one value (or of one {@code @LazyLoad} method) for stats and meters. Thread-safe. */
public final class LoadCounters implements LoadListener {
  private final LongAdder loads = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder staleServes = new LongAdder();
  private final LongAdder loadNanos = new LongAdder();

  @Override
  public void loaded(long nanos) {
    loads.increment();
    loadNanos.add(Math.max(0, nanos));
  }

  @Override
  public void failed(long nanos, Throwable error) {
    failures.increment();
    loadNanos.add(Math.max(0, nanos));
  }

  @Override
  public void staleServed() {
    staleServes.increment();
  }

  /** Successful loads so far. */
  public long loads() {
    return loads.sum();
  }

  /** Failed loads so far. */
  public long failures() {
    return failures.sum();
  }

  /** Calls answered with a stale value so far. */
  public long staleServes() {
    return staleServes.sum();
  }

  /** Time spent in loads, successful or not, in nanoseconds. */
  public long loadNanos() {
    return loadNanos.sum();
  }

  /** Loads attempted, successful or not; the count of the load-time timer. */
  public long attempts() {
    return loads() + failures();
  }
}
