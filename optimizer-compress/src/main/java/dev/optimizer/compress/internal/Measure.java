package dev.optimizer.compress.internal;

/** Wall-clock measurement of short operations for selection and {@code benchmark}: best of repeats. */
final class Measure {
  private Measure() {}

  /**
   * Runs {@code op} repeatedly until {@code budgetNanos} have passed or {@code maxRuns} runs are done (at
   * least twice, the first a warm-up) and returns the fastest run in nanoseconds. Best-of filters out
   * scheduler noise, which on a shared machine only ever makes a run slower.
   */
  static double bestNanosPerRun(Runnable op, long budgetNanos, int maxRuns) {
    op.run();
    long best = Long.MAX_VALUE;
    long start = System.nanoTime();
    for (int i = 0; i < maxRuns; i++) {
      long t0 = System.nanoTime();
      op.run();
      long t = System.nanoTime() - t0;
      best = Math.min(best, t);
      if (t0 + t - start >= budgetNanos) {
        break;
      }
    }
    return Math.max(1, best);
  }

  static double mbPerSecond(long bytes, double nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }
}
