package dev.optimizer.bench.dashboard;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.dashboard.OperationsDocuments;
import dev.optimizer.dashboard.internal.SnapshotJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the dashboard's stream costs per interval: building one snapshot ({@code snapshot}: every module's
 * document; {@code event}: the same written as JSON bytes, what the stream sends to every client), for an
 * optimizer like {@link DashboardStreamBench}'s (every module, three caches of 1,024 entries). The figure behind
 * the {@code DashboardStreamBench} ratio, and far less sensitive to a busy machine.
 *
 * <p>Two views. {@code snapshot} and {@code event} run warm, back to back (JIT-compiled steady state).
 * {@code coldEvent} is how the stream really runs: one event now and then, so the code stays interpreted or
 * C1-compiled for minutes; it is measured one call per iteration ({@code SingleShotTime}, no warmup beyond the
 * first snapshot taken in setup), i.e. µs per event at the stream's pace.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main SnapshotBuildBench
 * -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SnapshotBuildBench {
  /** Suite group. */
  public static final String GROUP = "dashboard";

  private Optimizer optimizer;
  private OperationsDocuments documents;

  @Setup(Level.Trial)
  public void setUp() {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().build()).build();
    for (String name : new String[] {"bench", "users", "products"}) {
      TieredCache<String, Object> cache = optimizer.module(CacheModule.class).cache(name);
      for (int i = 0; i < 1024; i++) {
        cache.put("k" + i, "v" + i);
        cache.get("k" + i, k -> "loaded");
      }
    }
    optimizer.findModule(BatchModule.class).ifPresent(m -> m.processor().stats());
    documents = OperationsDocuments.of(optimizer);
    // The one-time cost (class loading, Jackson's serializer lookup) is paid at the first snapshot, not measured.
    event();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    optimizer.close();
  }

  /** The snapshot document alone. */
  @Benchmark
  public Object snapshot() {
    return documents.snapshot();
  }

  /** The snapshot as the stream sends it: document, then the JSON bytes of the event (the stream's writer). */
  @Benchmark
  public Object event() {
    return SnapshotJson.write(documents.snapshot());
  }

  /** {@link #event} at the stream's pace: one call per iteration, cold code. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 0)
  @Measurement(iterations = 100, batchSize = 1)
  public Object coldEvent() {
    return event();
  }
}
