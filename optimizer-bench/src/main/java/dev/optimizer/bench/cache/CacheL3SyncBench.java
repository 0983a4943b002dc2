package dev.optimizer.bench.cache;

import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.MapDbTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What L3 durability costs: {@code MapDbTier.put} of 1 KB values when the journal is forced to the device
 * on every write ({@code EACH_WRITE}: a power loss loses nothing that returned) against a background
 * fsync every 100 ms ({@code INTERVAL_100MS}, the default: a power loss loses at most the last 100 ms)
 * and every second ({@code INTERVAL_1S}). A killed process loses nothing that returned in any of them.
 * Not a peer comparison: it documents the sync-interval trade-off. 1 thread.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main CacheL3SyncBench
 * -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CacheL3SyncBench {
  /** Suite group. */
  public static final String GROUP = "cache";

  /** The commit policy measured. */
  public enum Sync {
    /** Journal fsync on every write. */
    EACH_WRITE(Duration.ZERO),
    /** Background journal fsync every 100 ms (default). */
    INTERVAL_100MS(Duration.ofMillis(100)),
    /** Background journal fsync every second. */
    INTERVAL_1S(Duration.ofSeconds(1));

    final Duration interval;

    Sync(Duration interval) {
      this.interval = interval;
    }
  }

  @Param
  public Sync sync;

  private Path dir;
  private MapDbTier tier;
  private final byte[] value = new byte[1024];
  private int i;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("l3sync");
    tier = MapDbTier.open(MapDbConfig.custom(dir.resolve("sync.db")).syncInterval(sync.interval)
        .maxEntries(0).build());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tier.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public void put() {
    tier.put("k" + (i++ & 4095), value, Duration.ZERO);
  }
}
