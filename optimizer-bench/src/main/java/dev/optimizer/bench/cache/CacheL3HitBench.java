package dev.optimizer.bench.cache;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.MapDbConfig;
import dev.optimizer.cache.MapDbTier;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
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
 * L3 hit: {@code TieredCache.get} with L1 off and a MapDB L3 (ours, {@code TIERED_CACHE_L3}: MapDbTier
 * read with checksum and expiry check, library frame decode with LZ4 and CRC32C, byte codec) against the
 * raw work (the peer, {@code RAW_MAPDB_LZ4}): {@code HTreeMap.get} on a MapDB file store opened the same
 * way (write-ahead log; file channel or mmap per the {@code volume} param) plus a raw LZ4 block decompression of the same value. 1,024 keys
 * of 2 KB text, 2 threads, average time per hit. Issue 4 target: ours at most 1.3x the peer's time.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main CacheL3HitBench
 * -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CacheL3HitBench {
  /** Suite group. */
  public static final String GROUP = "cache";

  private static final int KEYS = 1024;
  private static final int VALUE_SIZE = 2048;
  private static final Function<String, byte[]> LOADER = k -> {
    throw new IllegalStateException("benchmark keys are all in L3: " + k);
  };

  /** Which implementation is measured. */
  public enum Impl {
    /** Ours: the tiered cache's L3 path. */
    TIERED_CACHE_L3,
    /** Peer: raw MapDB get plus raw LZ4 decompression. */
    RAW_MAPDB_LZ4
  }

  @Param
  public Impl impl;

  /** How MapDB reaches the file, the same for ours and the peer: FileChannel (default) or mmap. */
  @Param({"CHANNEL", "MMAP"})
  public String volume;

  private Path dir;
  private String[] keys;
  private TieredCache<String, byte[]> tiered;
  private MapDbTier ours;
  private DB rawDb;
  private HTreeMap<String, byte[]> raw;
  private LZ4FastDecompressor decompressor;

  /** Per-thread cursor over the keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("l3bench");
    keys = new String[KEYS];
    ours = MapDbTier.open(MapDbConfig.custom(dir.resolve("ours.db")).syncInterval(Duration.ofSeconds(1))
        .checkpointInterval(Duration.ofMillis(50)).mmap(volume.equals("MMAP")).build());
    tiered = TieredCache.<String, byte[]>builder(CacheConfig.custom("l3bench").l1Enabled(false).build())
        .valueCodec(ValueCodec.bytes()).l3(ours).build();
    DBMaker.Maker maker = DBMaker.fileDB(dir.resolve("raw.db").toFile()).transactionEnable();
    rawDb = (volume.equals("MMAP") ? maker.fileMmapEnableIfSupported() : maker.fileChannelEnable()).make();
    raw = rawDb.hashMap("raw", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
    LZ4Factory lz4 = LZ4Factory.fastestInstance();
    LZ4Compressor compressor = lz4.fastCompressor();
    decompressor = lz4.fastDecompressor();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "doc:" + i;
      byte[] value = value(i);
      tiered.put(keys[i], value);
      raw.put(keys[i], compressor.compress(value));
    }
    rawDb.commit();
    // Both sides are read committed: ours checkpoints its journal into the MapDB file in the background.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ours.checkpoints() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    if (ours.checkpoints() == 0) {
      throw new IllegalStateException("L3 never checkpointed its setup writes");
    }
  }

  private static byte[] value(int i) {
    StringBuilder sb = new StringBuilder(VALUE_SIZE);
    while (sb.length() < VALUE_SIZE) {
      sb.append("{\"id\":").append(i).append(",\"name\":\"user ").append(i)
          .append("\",\"roles\":[\"reader\",\"writer\"],\"active\":true}");
    }
    return sb.substring(0, VALUE_SIZE).getBytes(StandardCharsets.UTF_8);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    tiered.close();
    rawDb.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public byte[] hit(Cursor c) {
    String key = keys[c.i++ & (KEYS - 1)];
    if (impl == Impl.TIERED_CACHE_L3) {
      return tiered.get(key, LOADER);
    }
    return decompressor.decompress(raw.get(key), VALUE_SIZE);
  }
}
