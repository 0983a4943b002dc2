package dev.optimizer.bench.cache;

import dev.optimizer.bench.HotKeys;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.TieredCache;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * L1 hit: {@code TieredCache.get(key, loader)} (ours, {@code TIERED_CACHE}) against raw Caffeine
 * {@code getIfPresent} (the peer, {@code RAW_CAFFEINE}) configured alike: 10,000 entries bound,
 * 10 minutes expire-after-write, stats recorded (the tiered cache needs them for its metrics). 1,024 hot
 * keys, 2 threads. Issue 4 target: ours at least 0.8x the peer's throughput.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main CacheL1HitBench
 * -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CacheL1HitBench {
  /** Suite group. */
  public static final String GROUP = "cache";

  private static final Function<String, String> LOADER = k -> "loaded-" + k;

  /** Which implementation is measured. */
  public enum Impl {
    /** Ours: the tiered cache's L1. */
    TIERED_CACHE,
    /** Peer: Caffeine on its own. */
    RAW_CAFFEINE
  }

  @Param
  public Impl impl;

  private String[] keys;
  private TieredCache<String, String> tiered;
  private Cache<String, String> caffeine;

  @Setup(Level.Trial)
  public void setUp() {
    keys = HotKeys.named("user:");
    tiered = TieredCache.<String, String>builder(CacheConfig.custom("bench").l1MaximumSize(10_000)
        .l1ExpireAfterWrite(Duration.ofMinutes(10)).build()).build();
    caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
        .recordStats().build();
    for (String k : keys) {
      tiered.put(k, "value-" + k);
      caffeine.put(k, "value-" + k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tiered.close();
  }

  @Benchmark
  public Object hit(HotKeys c) {
    String key = c.next(keys);
    return impl == Impl.TIERED_CACHE ? tiered.get(key, LOADER) : caffeine.getIfPresent(key);
  }
}
