package dev.optimizer.bench.batch;

import dev.optimizer.batch.AdaptiveTuning;
import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ADAPTIVE against static batch sizes in real time on real backends (the wall-clock companion of the
 * deterministic {@link AdaptiveSimulation}): each operation is a job of 8,192 items on a processor
 * with 4 workers. Score: items per second.
 *
 * <p>{@code impl=ADAPTIVE} is ours with no configuration (one {@link AdaptiveTuning} shared by the jobs, so it keeps
 * what it learned, as an annotated method does); {@code STATIC_n} is PARALLEL with batch size n and 4
 * workers, the sweep. Backends: {@code OVERHEAD} waits 1 ms per call + 2 µs per item (a remote call);
 * {@code PER_ITEM} waits 50 µs + 20 µs per item × (1 + n/256); {@code CPU} computes (about 20 µs per
 * call + a hash chain per item). Issue 6 target: ADAPTIVE &ge; 0.9 × the best STATIC_n per backend.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'AdaptiveBatchBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AdaptiveBatchBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "batch";
  private static final int ITEMS = 8192;
  private static final int WORKERS = 4;

  /** The backend behind the batch function. */
  public enum Backend {
    /** Per-call overhead dominates (waiting). */
    OVERHEAD,
    /** Per-item cost dominates (waiting), super-linear for large batches. */
    PER_ITEM,
    /** CPU work. */
    CPU
  }

  /** The backend. */
  @Param
  public Backend backend;

  /** ADAPTIVE (ours) or a static batch size. */
  @Param({"ADAPTIVE", "STATIC_16", "STATIC_64", "STATIC_256", "STATIC_1024"})
  public String impl;

  private BatchProcessor processor;
  private AdaptiveTuning tuning;
  private List<Integer> items;

  /** Creates the processor. */
  @Setup(Level.Trial)
  public void setUp() {
    BatchConfig config = BatchConfig.custom().name("bench-adaptive").maxWorkers(WORKERS).build();
    processor = BatchProcessor.create(config);
    tuning = AdaptiveTuning.of(config);
    items = IntStream.range(0, ITEMS).boxed().toList();
  }

  /** Closes the processor. */
  @TearDown(Level.Trial)
  public void tearDown() {
    processor.close();
  }

  private List<Long> call(List<Integer> batch) {
    int n = batch.size();
    switch (backend) {
      case OVERHEAD -> waitNanos(1_000_000L + 2_000L * n);
      case PER_ITEM -> waitNanos((long) (50_000 + 20_000.0 * n * (1 + n / 256.0)));
      case CPU -> {
        long h = spin(2_000, 17);
        List<Long> out = new ArrayList<>(n);
        for (Integer i : batch) {
          out.add(spin(1_000, i) ^ h);
        }
        return out;
      }
    }
    List<Long> out = new ArrayList<>(n);
    for (Integer i : batch) {
      out.add((long) i);
    }
    return out;
  }

  private static void waitNanos(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static long spin(int rounds, long seed) {
    long x = seed | 1;
    for (int i = 0; i < rounds; i++) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
    }
    return x;
  }

  /** Processes one job of 8,192 items. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public Object job() {
    Job.Builder<Integer, Long> job = Job.of(items, this::call);
    if (impl.equals("ADAPTIVE")) {
      job.strategy(Strategy.ADAPTIVE).adaptiveTuning(tuning);
    } else {
      job.strategy(Strategy.PARALLEL).batchSize(Integer.parseInt(impl.substring("STATIC_".length())))
          .maxWorkers(WORKERS);
    }
    return processor.submit(job.build()).result().join().values();
  }
}
