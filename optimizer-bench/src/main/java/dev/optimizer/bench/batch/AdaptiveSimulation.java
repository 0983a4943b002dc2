package dev.optimizer.bench.batch;

import dev.optimizer.batch.AdaptiveTuning;
import dev.optimizer.batch.BatchConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * ADAPTIVE against every static batch size (1, 2, 4 ... 4096), as a deterministic discrete-event simulation on a simulated
 * clock (no wall time, no threads, same figures on every machine): workers pull batches from an endless
 * supply and a simulated backend answers after a modelled latency. The real ADAPTIVE control law, through
 * the public {@link AdaptiveTuning#simulate}, decides batch size and concurrency from the latencies it is told; the static configurations run with
 * the same 4 workers at a fixed batch size. Three backends:
 * <ul>
 *   <li>{@code OVERHEAD}: 1 ms per call + 2 µs per item, calls in parallel (a remote service): bigger is
 *       better up to the maximum;</li>
 *   <li>{@code PER_ITEM}: 50 µs + 20 µs per item × (1 + size/256) (per-item cost dominates, large
 *       batches get slower per item): an interior optimum;</li>
 *   <li>{@code CPU}: 20 µs + 10 µs per item × (1 + size/2048) on 2 cores: batches beyond 2 at once share
 *       the cores and each one above 2 adds 5% contention.</li>
 * </ul>
 *
 * <p>Not a JMH class on purpose: its figure is simulated items per second, not a speed of this machine
 * (the wall-clock companion is {@link AdaptiveBatchBench}). {@link #main} prints, per backend, ADAPTIVE
 * (ours, no configuration: bounds 1..4096 items, 1..4 workers), the best static size of the sweep, and
 * the ratio. Issue 6 target: ADAPTIVE &ge; 0.9 × best static on each backend.
 *
 * <p>Run the table:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar dev.optimizer.bench.batch.AdaptiveSimulation
 * </pre>
 */
public final class AdaptiveSimulation {
  private static final long DURATION = TimeUnit.SECONDS.toNanos(60);
  private static final int WORKERS = 4;
  private static final int MAX_BATCH = 4096;
  private static final BatchConfig CONFIG = BatchConfig.custom().name("bench-simulation").minBatchSize(1)
      .maxBatchSize(MAX_BATCH).minConcurrency(1).maxConcurrency(WORKERS).maxWorkers(WORKERS).build();

  /** A modelled backend: latency of a batch of {@code size} started with {@code inFlight} running. */
  public enum Backend {
    /** Per-call overhead dominates. */
    OVERHEAD {
      @Override
      long latency(int size, int inFlight) {
        return 1_000_000L + 2_000L * size;
      }
    },
    /** Per-item cost dominates, super-linear for large batches. */
    PER_ITEM {
      @Override
      long latency(int size, int inFlight) {
        return (long) (50_000 + 20_000.0 * size * (1 + size / 256.0));
      }
    },
    /** CPU bound on 2 cores. */
    CPU {
      @Override
      long latency(int size, int inFlight) {
        return (long) ((20_000 + 10_000.0 * size * (1 + size / 2048.0)) * Math.max(1.0, inFlight / 2.0)
            * (1 + 0.05 * Math.max(0, inFlight - 2)));
      }
    };

    abstract long latency(int size, int inFlight);
  }

  private AdaptiveSimulation() {}

  static double simulate(Backend backend, String impl) {
    AdaptiveTuning.LatencyModel model = backend::latency;
    Duration simulated = Duration.ofNanos(DURATION);
    if (impl.equals("ADAPTIVE")) {
      return AdaptiveTuning.simulate(CONFIG, model, simulated);
    }
    return AdaptiveTuning.simulateStatic(Integer.parseInt(impl.substring("STATIC_".length())), WORKERS, model,
        simulated);
  }

  /** Prints simulated items/s per backend: ADAPTIVE, every static size 1..4096, and the ratio. */
  public static void main(String[] args) {
    System.out.printf(Locale.ROOT, "%-9s %14s %14s %10s %8s%n", "backend", "adaptive/s", "best static/s",
        "best size", "ratio");
    for (Backend b : Backend.values()) {
      double adaptive = simulate(b, "ADAPTIVE");
      double best = 0;
      int bestSize = 0;
      for (int size = 1; size <= MAX_BATCH; size *= 2) {
        double t = simulate(b, "STATIC_" + size);
        if (t > best) {
          best = t;
          bestSize = size;
        }
      }
      System.out.printf(Locale.ROOT, "%-9s %14.0f %14.0f %10d %8.3f%n", b, adaptive, best, bestSize, adaptive / best);
    }
  }
}
