package dev.optimizer.batch.internal;

import java.util.PriorityQueue;
import java.util.function.IntBinaryOperator;

/**
 * A deterministic discrete-event simulation of workers pulling batches from an endless supply against a
 * simulated backend, on a simulated clock: no wall time, no threads.
 */
final class Simulation {
  /** Latency in nanoseconds of a batch of {@code size} started while {@code inFlight} batches run (itself included). */
  interface Backend {
    long latency(int size, int inFlight);
  }

  static final Backend OVERHEAD_DOMINATED = (b, c) -> 1_000_000L + 2_000L * b;
  static final Backend ITEM_DOMINATED = (b, c) -> (long) (50_000 + 20_000.0 * b * (1 + b / 256.0));
  static final Backend CPU_BOUND = (b, c) -> (long) ((20_000 + 10_000.0 * b * (1 + b / 2048.0))
      * Math.max(1.0, c / 2.0) * (1 + 0.05 * Math.max(0, c - 2)));

  private record Done(long at, int size, long latency, long generation, long seq) {}

  /** Observer of every decision, e.g. to check bounds. */
  interface Observer {
    void settings(int batchSize, int concurrency);
  }

  /** Items per simulated second with a fixed batch size and concurrency. */
  static double fixed(Backend backend, int batchSize, int workers, long durationNanos) {
    return run(backend, null, batchSize, workers, durationNanos, (b, c) -> {});
  }

  /** Items per simulated second under {@code controller}. */
  static double adaptive(Backend backend, AdaptiveController controller, long durationNanos, Observer observer) {
    return run(backend, controller, 0, 0, durationNanos, observer);
  }

  private static double run(Backend backend, AdaptiveController c, int fixedBatch, int fixedWorkers,
      long durationNanos, Observer observer) {
    PriorityQueue<Done> events = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at)
        : Long.compare(x.seq, y.seq));
    long now = 0;
    long items = 0;
    int[] inFlight = {0};
    int active = 0;
    long seq = 0;
    IntBinaryOperator ignored = (a, b) -> a;
    while (true) {
      int want = c == null ? fixedWorkers : c.concurrency();
      while (active < want) {
        active++;
        int size = c == null ? fixedBatch : c.batchSize();
        long gen = c == null ? 0 : c.generation();
        inFlight[0]++;
        long lat = backend.latency(size, inFlight[0]);
        events.add(new Done(now + lat, size, lat, gen, seq++));
        if (c != null) {
          observer.settings(c.batchSize(), c.concurrency());
        }
      }
      Done d = events.poll();
      now = d.at;
      inFlight[0]--;
      active--;
      items += d.size;
      if (c != null) {
        c.record(d.size, d.latency, false, d.generation);
        observer.settings(c.batchSize(), c.concurrency());
      }
      if (now >= durationNanos) {
        return items * 1e9 / now;
      }
    }
  }

  /** The best fixed throughput over batch sizes 1, 2, 4 ... max at {@code workers}. */
  static double bestStatic(Backend backend, int maxBatch, int workers, long durationNanos) {
    double best = 0;
    for (int b = 1; b <= maxBatch; b *= 2) {
      best = Math.max(best, fixed(backend, b, workers, durationNanos));
    }
    return best;
  }

  private Simulation() {}
}
