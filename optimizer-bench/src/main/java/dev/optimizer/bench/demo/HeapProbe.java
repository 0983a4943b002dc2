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

  /** Heap retained since {@code before} (a {@link #usedAfterGc()} reading), never below 0. */
  static long retainedSince(long before) {
    return Math.max(0, usedAfterGc() - before);
  }
}
