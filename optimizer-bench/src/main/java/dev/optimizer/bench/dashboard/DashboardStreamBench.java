package dev.optimizer.bench.dashboard;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.dashboard.Dashboard;
import dev.optimizer.dashboard.DashboardConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serving the dashboard must not slow the hot path: an L1 hit ({@code TieredCache.get} on a present key of a
 * cache of the optimizer's cache module) while a dashboard streams one snapshot a second to one connected
 * client ({@code ONE_STREAM_CLIENT}, ours) against the same with no dashboard ({@code NONE}, the peer). The
 * client, a plain socket on its own thread, drains every byte of the stream (and parses nothing: a real viewer is
 * a browser on another machine, so the measured process pays only for serving). 1,024 hot keys, 2 threads. Issue 13 target: at least 0.97x.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main DashboardStreamBench
 * -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DashboardStreamBench {
  /** Suite group. */
  public static final String GROUP = "dashboard";

  private static final int KEYS = 1024;
  private static final Function<String, Object> LOADER = k -> "loaded-" + k;

  /** What serves the optimizer while the hot path runs. */
  public enum Serving {
    /** Ours: a dashboard with one stream client reading every snapshot. */
    ONE_STREAM_CLIENT,
    /** Peer: no dashboard at all. */
    NONE
  }

  @Param
  public Serving serving;

  private String[] keys;
  private Optimizer optimizer;
  private TieredCache<String, Object> cache;
  private @Nullable Dashboard dashboard;
  private @Nullable StreamDrain client;

  /** Per-thread cursor over the hot keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().build()).build();
    cache = optimizer.module(CacheModule.class).cache("bench");
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user:" + i;
      cache.put(keys[i], "value-" + i);
    }
    if (serving == Serving.ONE_STREAM_CLIENT) {
      Dashboard d = Dashboard.start(optimizer, DashboardConfig.custom().port(0).build());
      dashboard = d;
      client = StreamDrain.open(d.port());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (dashboard != null) {
      if (d().streamClients() != 1) {
        throw new IllegalStateException("the stream client was dropped during the run");
      }
      dashboard.close();
    }
    if (client != null) {
      client.close();
    }
    optimizer.close();
  }

  private Dashboard d() {
    return java.util.Objects.requireNonNull(dashboard);
  }

  @Benchmark
  public Object l1Hit(Cursor c) {
    String k = keys[c.i++ & (KEYS - 1)];
    return cache.get(k, LOADER);
  }
}
