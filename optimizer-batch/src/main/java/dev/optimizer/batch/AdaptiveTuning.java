package dev.optimizer.batch;

import dev.optimizer.batch.internal.AdaptiveController;
import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * What an {@link Strategy#ADAPTIVE} job has learned about its backend: the batch size and concurrency it
 * chose from the latencies it saw. Share one between jobs running the same kind of work ({@link
 * Job.Builder#adaptiveTuning}) so that each job starts from what the earlier ones learned; without one,
 * every job starts afresh. Thread-safe; jobs sharing one may run at the same time.
 *
 * <p>The control law (a gradient concurrency limit and a hill-climbing batch size) is described in the
 * batch guide ({@code docs/batch.md}); it is not part of the API and may change.
 *
 * <p>{@link #simulate} and {@link #simulateStatic} run the same law against a latency model on a
 * simulated clock, to see before deploying what ADAPTIVE would reach against a backend compared with a
 * fixed batch size.
 */
public final class AdaptiveTuning {
  private final AdaptiveController controller;

  private AdaptiveTuning(AdaptiveController controller) {
    this.controller = controller;
  }

  /**
   * A fresh tuning within the ADAPTIVE bounds of {@code config} ({@link BatchConfig#minBatchSize()} ..
   * {@link BatchConfig#maxBatchSize()}, {@link BatchConfig#minConcurrency()} .. {@link
   * BatchConfig#maxConcurrency()}).
   *
   * @throws NullPointerException if {@code config} is null
   */
  public static AdaptiveTuning of(BatchConfig config) {
    Objects.requireNonNull(config, "config");
    return new AdaptiveTuning(AdaptiveController.of(config));
  }

  /** The batch size the next batch would use now, within the configured bounds. */
  public int batchSize() {
    return controller.batchSize();
  }

  /** How many batches would run at once now, within the configured bounds. */
  public int concurrency() {
    return controller.concurrency();
  }

  AdaptiveController controller() {
    return controller;
  }

  /**
   * A modelled backend for {@link #simulate}: how long a batch takes. Must be a pure function (the
   * simulation is deterministic).
   */
  @FunctionalInterface
  public interface LatencyModel {
    /**
     * The latency in nanoseconds ({@code >= 1}) of a batch of {@code batchSize} items started while
     * {@code inFlight} batches run, itself included.
     */
    long latencyNanos(int batchSize, int inFlight);
  }

  /**
   * Items per simulated second that ADAPTIVE, with a fresh tuning within {@code config}'s bounds, reaches
   * against {@code model} over {@code simulated} time: workers pull batches from an endless supply; no
   * threads and no wall time, so the figure is the same on every machine and every run.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code simulated} is not positive
   */
  public static double simulate(BatchConfig config, LatencyModel model, Duration simulated) {
    return run(of(config).controller, Objects.requireNonNull(model, "model"), 0, 0, positive(simulated));
  }

  /**
   * The static baseline of {@link #simulate}: items per simulated second with {@code batchSize} items per
   * batch and always {@code workers} batches in flight.
   *
   * @throws NullPointerException if {@code model} or {@code simulated} is null
   * @throws IllegalArgumentException if {@code batchSize} or {@code workers} is below 1, or {@code
   *     simulated} is not positive
   */
  public static double simulateStatic(int batchSize, int workers, LatencyModel model, Duration simulated) {
    if (batchSize < 1 || workers < 1) {
      throw new IllegalArgumentException("batchSize and workers must be >= 1, were " + batchSize + ", " + workers);
    }
    return run(null, Objects.requireNonNull(model, "model"), batchSize, workers, positive(simulated));
  }

  private static long positive(Duration d) {
    Objects.requireNonNull(d, "simulated");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("simulated must be positive, was " + d);
    }
    return d.toNanos();
  }

  private record Done(long at, int size, long latency, long generation, long seq) {}

  private static double run(AdaptiveController c, LatencyModel model, int fixedBatch, int fixedWorkers,
      long duration) {
    PriorityQueue<Done> events = new PriorityQueue<>((x, y) -> x.at != y.at ? Long.compare(x.at, y.at)
        : Long.compare(x.seq, y.seq));
    long now = 0;
    long items = 0;
    int inFlight = 0;
    long seq = 0;
    while (true) {
      int want = c == null ? fixedWorkers : c.concurrency();
      while (inFlight < want) {
        int size = c == null ? fixedBatch : c.batchSize();
        long generation = c == null ? 0 : c.generation();
        inFlight++;
        long latency = Math.max(1, model.latencyNanos(size, inFlight));
        events.add(new Done(now + latency, size, latency, generation, seq++));
      }
      Done d = events.poll();
      now = d.at;
      inFlight--;
      items += d.size;
      if (c != null) {
        c.record(d.size, d.latency, false, d.generation);
      }
      if (now >= duration) {
        return items * 1e9 / now;
      }
    }
  }

  @Override
  public String toString() {
    return "AdaptiveTuning{" + controller + "}";
  }
}
