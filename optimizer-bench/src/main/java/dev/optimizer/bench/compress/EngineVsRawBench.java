package dev.optimizer.bench.compress;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.Level;
import java.io.IOException;
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
 * What the frame costs: the engine ({@code impl=ENGINE}: {@code compress(data, algorithm, level)} and
 * {@code decompress(frame)}, with header, CRC32C of the original and of the stored bytes, and bounded
 * decoding) beside the raw library call at the same native level ({@code impl=RAW}, the peer, see
 * {@code RawCodec}). One 1 MiB corpus per operation; the engine is kept single-threaded and single-frame
 * (parallel threshold above the corpus size) so only framing is compared. {@code ENGINE_STORED_CRC_ONLY}
 * is ours without re-checking the decompressed bytes (its compress row repeats ENGINE). Target (issue 3):
 * {@code time(ENGINE) <= time(RAW) / 0.95} for each algorithm, both ways.
 *
 * <p>The quick run covers LZ4, ZSTD, SNAPPY and GZIP on JSON records at FAST. The full matrix:
 * {@code -p algorithm=LZ4,ZSTD,SNAPPY,GZIP,DEFLATE,BROTLI,BZIP2,XZ
 * -p corpus=JSON_RECORDS,LOG_LINES,NUMERIC_BINARY,RANDOM_BYTES -p level=FAST,BALANCED,MAXIMUM}.
 *
 * <p>Run alone:
 * <pre>
 * ./mvnw -B -q -DskipTests -pl optimizer-bench -am package &amp;&amp; \
 *   java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main 'EngineVsRawBench' -f 1 -wi 2 -w 1s -i 3 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EngineVsRawBench {
  /** The suite group this class belongs to. */
  public static final String GROUP = "compress";

  /** Who compresses. */
  public enum Impl {
    /** Ours: the framed engine with its defaults (both checksums verified). */
    ENGINE,
    /**
     * Ours with {@code verifyOriginalChecksum(false)}: the stored bytes' checksum is still verified, the
     * decompressed bytes' is not (only decompression differs from ENGINE).
     */
    ENGINE_STORED_CRC_ONLY,
    /** Peer: the codec library called directly. */
    RAW
  }

  /** The implementation measured. */
  @Param
  public Impl impl;

  /** The algorithm; the quick run takes four, the rest by {@code -p}. */
  @Param({"LZ4", "ZSTD", "SNAPPY", "GZIP"})
  public Algorithm algorithm;

  /** The level. */
  @Param({"FAST"})
  public Level level;

  /** The input. */
  @Param({"JSON_RECORDS"})
  public CompressionCorpus corpus;

  private CompressionEngine engine;
  private CompressionEngine storedCrcOnly;
  private RawCodec raw;
  private byte[] data;
  private byte[] frame;
  private byte[] rawCompressed;

  /** Prepares both implementations and checks they round-trip. */
  @Setup
  public void setUp() throws IOException {
    data = corpus.bytes();
    engine = CompressionEngine.create(CompressionConfig.custom().workers(1).parallelThreshold(Integer.MAX_VALUE)
        .build());
    storedCrcOnly = CompressionEngine.create(engine.config().toBuilder().verifyOriginalChecksum(false).build());
    raw = new RawCodec(algorithm, level, data.length);
    frame = engine.compress(data, algorithm, level);
    rawCompressed = raw.compress(data);
    if (!Arrays.equals(engine.decompress(frame), data) || !Arrays.equals(raw.decompress(rawCompressed), data)) {
      throw new IllegalStateException("round trip failed for " + algorithm);
    }
  }

  /** Stops the engine. */
  @TearDown
  public void tearDown() {
    engine.close();
    storedCrcOnly.close();
  }

  /** Compresses the corpus once. */
  @Benchmark
  public byte[] compress() throws IOException {
    return impl == Impl.RAW ? raw.compress(data) : engine.compress(data, algorithm, level);
  }

  /** Decompresses the corpus once. */
  @Benchmark
  public byte[] decompress() throws IOException {
    return switch (impl) {
      case ENGINE -> engine.decompress(frame);
      case ENGINE_STORED_CRC_ONLY -> storedCrcOnly.decompress(frame);
      case RAW -> raw.decompress(rawCompressed);
    };
  }
}
