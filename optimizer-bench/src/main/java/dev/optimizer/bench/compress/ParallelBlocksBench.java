package dev.optimizer.bench.compress;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.Level;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Large inputs: a 64 MiB input (fresh JSON records, no repeats for a codec to exploit across blocks)
 * compressed and decompressed by the engine with parallel 1 MiB blocks on every core
 * ({@code mode=PARALLEL}, ours) beside the same engine as one single-threaded frame
 * ({@code mode=SINGLE_THREAD}, the peer: what a caller without block parallelism gets). Target (issue 3):
 * {@code time(SINGLE_THREAD) / time(PARALLEL) >= 1.7} on 2 cores, for LZ4, ZSTD and GZIP.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'ParallelBlocksBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ParallelBlocksBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "compress";
  private static final int SIZE = 64 << 20;

  /** How the engine runs. */
  public enum Mode64 {
    /** Ours: independent 1 MiB blocks on all cores, one frame. */
    PARALLEL,
    /** Peer: one frame, one thread. */
    SINGLE_THREAD
  }

  /** The mode measured. */
  @Param
  public Mode64 mode;

  /** The algorithm. */
  @Param({"LZ4", "ZSTD", "GZIP"})
  public Algorithm algorithm;

  private CompressionEngine engine;
  private byte[] data;
  private byte[] frame;

  /** Generates the input and one frame to decompress. */
  @Setup
  public void setUp() {
    data = CompressionCorpus.JSON_RECORDS.generate(SIZE, 64);
    CompressionConfig.Builder config = CompressionConfig.custom();
    engine = CompressionEngine.create(mode == Mode64.PARALLEL ? config.build()
        : config.workers(1).parallelThreshold(Integer.MAX_VALUE).build());
    frame = engine.compress(data, algorithm, Level.FAST);
    if (!Arrays.equals(engine.decompress(frame), data)) {
      throw new IllegalStateException("round trip failed for " + algorithm);
    }
  }

  /** Stops the engine's workers. */
  @TearDown
  public void tearDown() {
    engine.close();
  }

  /** Compresses 64 MiB once. */
  @Benchmark
  public byte[] compress() {
    return engine.compress(data, algorithm, Level.FAST);
  }

  /** Decompresses 64 MiB once. */
  @Benchmark
  public byte[] decompress() {
    return engine.decompress(frame);
  }
}
