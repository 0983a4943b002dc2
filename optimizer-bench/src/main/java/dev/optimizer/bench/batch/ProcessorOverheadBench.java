package dev.optimizer.bench.batch;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchProcessor;
import dev.optimizer.batch.Job;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The processor's own cost per item when the work is trivial (the batch function copies its input):
 * submit a job of 100,000 items in batches of 1,000, wait for the result. Score: ns per item.
 *
 * <p>{@code impl=LOOP} is the floor (the same batch function called in a plain loop, results collected
 * in a list); {@code SEQUENTIAL}, {@code PARALLEL} and {@code ADAPTIVE} are ours through
 * {@code BatchProcessor.submit(job).result().join()}. Issue 6 target: ours &le; 1 µs (1,000 ns) per item.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'ProcessorOverheadBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ProcessorOverheadBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "batch";
  private static final int ITEMS = 100_000;
  private static final int BATCH = 1_000;

  /** How the items are processed. */
  public enum Impl {
    /** Floor: a plain loop over the batches. */
    LOOP,
    /** Ours, one batch after another. */
    SEQUENTIAL,
    /** Ours, batches on the worker pool. */
    PARALLEL,
    /** Ours, adaptive batch size and concurrency. */
    ADAPTIVE
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  private BatchProcessor processor;
  private List<Integer> items;

  /** Creates the processor and the items. */
  @Setup(Level.Trial)
  public void setUp() {
    processor = BatchProcessor.create(BatchConfig.custom().name("bench-overhead").build());
    items = IntStream.range(0, ITEMS).boxed().toList();
  }

  /** Closes the processor. */
  @TearDown(Level.Trial)
  public void tearDown() {
    processor.close();
  }

  private static List<Integer> copy(List<Integer> batch) {
    return new ArrayList<>(batch);
  }

  /** Processes the 100,000 items once. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public Object run() {
    if (impl == Impl.LOOP) {
      List<Integer> out = new ArrayList<>(ITEMS);
      for (int from = 0; from < ITEMS; from += BATCH) {
        out.addAll(copy(items.subList(from, Math.min(ITEMS, from + BATCH))));
      }
      return out;
    }
    Strategy s = Strategy.valueOf(impl.name());
    JobResult<Integer> r = processor.submit(Job.<Integer, Integer>of(items, ProcessorOverheadBench::copy)
        .strategy(s).batchSize(BATCH).build()).result().join();
    return r.values();
  }
}
