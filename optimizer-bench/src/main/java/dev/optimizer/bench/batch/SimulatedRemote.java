package dev.optimizer.bench.batch;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A backend that serves one call at a time (one connection, one server thread) and costs {@code perCall}
 * plus {@code perItem} nanoseconds per call: the situation where N single-key calls hurt.
 */
final class SimulatedRemote {
  private final long perCallNanos;
  private final long perItemNanos;
  private final ReentrantLock busy = new ReentrantLock();

  SimulatedRemote(long perCallNanos, long perItemNanos) {
    this.perCallNanos = perCallNanos;
    this.perItemNanos = perItemNanos;
  }

  /** One call for one key. */
  String get(long key) {
    serve(1);
    return "v" + key;
  }

  /** One call for many keys. */
  Map<Long, String> getAll(Set<Long> keys) {
    serve(keys.size());
    Map<Long, String> out = new HashMap<>(keys.size() * 2);
    for (Long k : keys) {
      out.put(k, "v" + k);
    }
    return out;
  }

  private void serve(int items) {
    busy.lock();
    try {
      long deadline = System.nanoTime() + perCallNanos + perItemNanos * items;
      // Park for the bulk of the cost, spin the last stretch: park alone overshoots by tens of µs.
      long left;
      while ((left = deadline - System.nanoTime()) > 100_000) {
        LockSupport.parkNanos(left - 100_000);
      }
      while (System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    } finally {
      busy.unlock();
    }
  }
}
