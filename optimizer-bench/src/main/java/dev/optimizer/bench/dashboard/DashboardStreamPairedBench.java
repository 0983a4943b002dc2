package dev.optimizer.bench.dashboard;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.dashboard.Dashboard;
import dev.optimizer.dashboard.DashboardConfig;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link DashboardStreamBench}'s question asked so that a busy, drifting machine hits both sides alike: one JVM,
 * one running dashboard, and the stream client connected in half of the iterations (in ABBA order). The aux counters
 * {@code withClient} and {@code withoutClient} are the L1 hits of each kind of iteration (ops/µs averaged over
 * all iterations, so with as many of each their ratio is the ratio of speeds); issue 13 asks for
 * {@code withClient} at least 0.97x {@code withoutClient}. With no client the dashboard builds no snapshot
 * (the stream's work is only done while someone listens), so the difference is what serving one client costs;
 * what starting a dashboard costs once is in {@link DashboardStreamBench}'s {@code NONE} side instead.
 *
 * <p>Run (warmup and measurement iterations each a multiple of 4, so each side has as many): {@code java -cp optimizer-bench/target/optimizer-bench.jar
 * org.openjdk.jmh.Main DashboardStreamPairedBench -f 2 -wi 4 -w 1s -i 12 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 12, time = 1)
public class DashboardStreamPairedBench {
  /**
   * Suite group: opt-in, because the sides are only comparable with as many iterations of each, which the
   * suite's own iteration counts do not promise.
   */
  public static final String GROUP = "diagnostics";

  private static final int KEYS = 1024;
  private static final Function<String, Object> LOADER = k -> "loaded-" + k;

  private String[] keys;
  private Optimizer optimizer;
  private TieredCache<String, Object> cache;
  private Dashboard dashboard;
  private int iteration;
  private boolean connected;
  private @Nullable StreamDrain client;

  /** Per-thread cursor over the hot keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  /** L1 hits per kind of iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Sides {
    /** Hits in iterations with the stream client connected. */
    public long withClient;
    /** Hits in iterations with no stream client. */
    public long withoutClient;

    @Setup(Level.Iteration)
    public void clear() {
      withClient = 0;
      withoutClient = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().build()).build();
    cache = optimizer.module(CacheModule.class).cache("bench");
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user:" + i;
      cache.put(keys[i], "value-" + i);
    }
    dashboard = Dashboard.start(optimizer, DashboardConfig.custom().port(0).build());
  }

  /**
   * Iterations (warmup included) go with, without, without, with, and again: an ABBA order, so a speed that
   * drifts through the run (the JIT settling, the machine's load) favours neither side.
   */
  @Setup(Level.Iteration)
  public void side() throws Exception {
    iteration++;
    boolean with = iteration % 4 == 1 || iteration % 4 == 0;
    if (with && !connected) {
      connect();
    } else if (!with && connected) {
      disconnect();
    }
  }

  private void connect() throws IOException, InterruptedException {
    client = StreamDrain.open(dashboard.port());
    connected = true;
  }

  private void disconnect() throws IOException, InterruptedException {
    connected = false;
    if (client != null) {
      client.close();
      client = null;
    }
    // The hub finds a gone client at its next write: wait, so no snapshot is built in this iteration.
    StreamDrain.await(() -> dashboard.streamClients() == 0, "the hub to drop the client");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    dashboard.close();
    optimizer.close();
  }

  @Benchmark
  public Object l1Hit(Cursor c, Sides sides) {
    if (connected) {
      sides.withClient++;
    } else {
      sides.withoutClient++;
    }
    String k = keys[c.i++ & (KEYS - 1)];
    return cache.get(k, LOADER);
  }
}
