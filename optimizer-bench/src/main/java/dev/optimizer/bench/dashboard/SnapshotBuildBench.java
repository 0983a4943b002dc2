package dev.optimizer.bench.dashboard;

import dev.optimizer.batch.BatchModule;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.dashboard.OperationsDocuments;
import java.nio.charset.StandardCharsets;
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
 * What the dashboard's stream costs per interval: building one snapshot event ({@code snapshot}: every module's
 * document, and {@code event}: the same written as the SSE event bytes sent to every client), for the
 * optimizer of {@link DashboardStreamBench} (every module, three caches). The stream does this once a
 * second, so µs per event here is µs of CPU per second of streaming; it is the machine-noise-free figure
 * behind the {@code DashboardStreamBench} ratio.
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

  /** The snapshot as the stream sends it: document, JSON, event bytes. */
  @Benchmark
  public Object event() {
    return OperationsDocuments.json(documents.snapshot()).getBytes(StandardCharsets.UTF_8);
  }
}
