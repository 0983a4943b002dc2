package dev.optimizer.bench.cache;

import dev.optimizer.bench.HotKeys;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.EntryOptions;
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
 * L1 hit of an entry under refresh-ahead, before its refresh mark (the steady state of a hot key):
 * {@code TieredCache.get(key, loader, options)} with {@code withRefreshAfter(5m)} and a 10-minute TTL (ours,
 * {@code TIERED_CACHE}) against Caffeine's {@code LoadingCache.get} built with {@code refreshAfterWrite(5m)}
 * and {@code expireAfterWrite(10m)} (the peer, {@code CAFFEINE_LOADING}); both bound to 10,000 entries with
 * stats recorded. 1,024 hot keys, 2 threads. Target: ours at least 0.8x the peer's throughput.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main RefreshAheadHitBench
 * -f 1 -wi 3 -w 2s -i 4 -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
public class RefreshAheadHitBench {
  /** Suite group. */
  public static final String GROUP = "cache";

  private static final Function<String, String> LOADER = k -> "loaded-" + k;
  private static final EntryOptions OPTIONS =
      EntryOptions.defaults().withTtl(Duration.ofMinutes(10)).withRefreshAfter(Duration.ofMinutes(5));

  /** Which implementation is measured. */
  public enum Impl {
    /** Ours: the tiered cache's L1 with refresh-ahead options. */
    TIERED_CACHE,
    /** Peer: Caffeine's loading cache with refreshAfterWrite. */
    CAFFEINE_LOADING
  }

  @Param
  public Impl impl;

  private String[] keys;
  private TieredCache<String, String> tiered;
  private LoadingCache<String, String> caffeine;

  @Setup(Level.Trial)
  public void setUp() {
    keys = HotKeys.named("user:");
    tiered = TieredCache.<String, String>builder(CacheConfig.custom("bench-refresh").l1MaximumSize(10_000)
        .l1ExpireAfterWrite(Duration.ofMinutes(10)).build()).build();
    caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
        .refreshAfterWrite(Duration.ofMinutes(5)).recordStats().build(LOADER::apply);
    for (String k : keys) {
      tiered.get(k, LOADER, OPTIONS);
      caffeine.get(k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tiered.close();
  }

  @Benchmark
  public Object hit(HotKeys c) {
    String key = c.next(keys);
    return impl == Impl.TIERED_CACHE ? tiered.get(key, LOADER, OPTIONS) : caffeine.get(key);
  }
}
