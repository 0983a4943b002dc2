package dev.optimizer.bench.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap in use after a full collection, to show what a demo part keeps live (issue 12: the large-payload
 * row showed what the optimizer costs in time but not what it saves in heap).
 */
final class HeapProbe {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapProbe() {}

  /**
   * Bytes of heap in use after {@code System.gc()}: the least of three collections, so an allocation by
   * another thread between a collection and the reading does not count.
   */
  static long usedAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /**
   * Heap retained since {@code before} (a {@link #usedAfterGc()} reading), never below 0, once it has
   * settled: readings are repeated every 100 ms (at most 2 s) until one is no lower than the least so far
   * by more than 64 KiB. The optimizer's L1 evicts asynchronously (Caffeine's maintenance), so a reading
   * right after the workload can still hold documents about to be evicted (measured: 1.3 to 2.8 MiB more
   * than half a second later).
   */
  static long retainedSince(long before) {
    long least = usedAfterGc();
    for (int i = 0; i < 20; i++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = usedAfterGc();
      boolean settled = now > least - 64 * 1024;
      least = Math.min(least, now);
      if (settled) {
        break;
      }
    }
    return Math.max(0, least - before);
  }
}
