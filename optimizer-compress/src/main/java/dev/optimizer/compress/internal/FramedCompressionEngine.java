package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.BenchmarkReport;
import dev.optimizer.compress.Choice;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CompressionEngine;
import dev.optimizer.compress.CompressionException;
import dev.optimizer.compress.CompressionMetrics;
import dev.optimizer.compress.CompressionStats;
import dev.optimizer.compress.CorruptDataException;
import dev.optimizer.compress.FrameInfo;
import dev.optimizer.compress.Goal;
import dev.optimizer.compress.Level;
import dev.optimizer.compress.SizeLimitExceededException;
import dev.optimizer.core.Tunable;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;

/** The {@link CompressionEngine} behind {@link CompressionEngine#create}. Thread-safe. */
public final class FramedCompressionEngine implements CompressionEngine {
  private final CompressionConfig config;
  private final CodecRegistry codecs;
  private final BlockExecutor executor;
  private final EngineCounters counters = new EngineCounters();
  private final AlgorithmSelector selector;
  private final LevelTunable tunable;
  /**
   * Block-sized compression buffers reused across large inputs: allocating one per block made parallel
   * compression slower than one thread (each is a humongous object for G1, allocated under a global lock
   * while other threads sit in JNI critical regions). Bounded to workers + 2 buffers.
   */
  private final ArrayBlockingQueue<OutputBuffer> scratch;
  private final int scratchLimit;

  /** An engine over the process-wide codecs. */
  public FramedCompressionEngine(CompressionConfig config) {
    this(config, CodecRegistry.shared());
  }

  /** An engine over the given codecs (tests simulate a missing native library with it). */
  public FramedCompressionEngine(CompressionConfig config, CodecRegistry codecs) {
    this.config = Objects.requireNonNull(config, "config");
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    this.executor = new BlockExecutor(config.workers());
    this.selector = new AlgorithmSelector(config, codecs);
    this.tunable = new LevelTunable(config.level());
    this.scratch = new ArrayBlockingQueue<>(config.workers() + 2);
    // Worst-case codec bound of a block plus slack; anything larger came from an unusual codec: drop it.
    this.scratchLimit = (int) Math.min(Integer.MAX_VALUE - 8L, FrameFormat.maxPayload(config.blockSize()));
  }

  @Override
  public CompressionConfig config() {
    return config;
  }

  /** The live counters, for the meter binder. */
  public EngineCounters counters() {
    return counters;
  }

  @Override
  public byte[] compress(byte[] data) {
    return compress(data, "");
  }

  @Override
  public byte[] compress(byte[] data, String contentKey) {
    return compress(data, contentKey, currentLevel());
  }

  @Override
  public byte[] compress(byte[] data, String contentKey, Level level) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(contentKey, "contentKey");
    Objects.requireNonNull(level, "level");
    Algorithm fixed = config.algorithm().orElse(null);
    Algorithm algorithm = fixed != null ? fixed : selector.cachedChoice(contentKey, data, level);
    if (algorithm == Algorithm.NONE) {
      counters.storedUncompressed.increment();
      return compress(data, Algorithm.NONE, level);
    }
    byte[] frame = compress(data, algorithm, level);
    if (fixed == null && data.length > 0
        && (double) data.length / (frame.length - FrameFormat.HEADER) < config.minCompressRatio()) {
      // The cached choice no longer fits this content: keep it raw rather than pay to decode it later.
      counters.storedUncompressed.increment();
      return compress(data, Algorithm.NONE, level);
    }
    return frame;
  }

  @Override
  public byte[] compress(byte[] data, Algorithm algorithm) {
    return compress(data, algorithm, currentLevel());
  }

  @Override
  public byte[] compress(byte[] data, Algorithm algorithm, Level level) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(level, "level");
    if (data.length > config.maxDecompressedSize()) {
      throw new IllegalArgumentException("data of " + data.length + " bytes exceeds maxDecompressedSize "
          + config.maxDecompressedSize() + ": its frame could not be decompressed; raise the limit or use "
          + "newOutputStream");
    }
    Codec codec = codecs.codec(algorithm);
    long start = System.nanoTime();
    byte[] frame;
    try {
      frame = data.length >= config.parallelThreshold() && data.length > config.blockSize()
          && algorithm != Algorithm.NONE ? compressBlocks(codec, data, level) : compressSingle(codec, data, level);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CompressionException ce) {
        throw ce;
      }
      throw new CompressionException(algorithm + " compression failed: " + e.getMessage(), e);
    }
    counters.of(algorithm, true).record(data.length, frame.length, System.nanoTime() - start);
    return frame;
  }

  private static byte[] compressSingle(Codec codec, byte[] data, Level level) throws IOException {
    OutputBuffer out = new OutputBuffer(FrameFormat.HEADER + codec.initialCapacity(data.length));
    out.reserve(FrameFormat.HEADER);
    out.advance(FrameFormat.HEADER);
    codec.compress(data, 0, data.length, level, out);
    byte[] frame = out.array();
    FrameFormat.writeHeader(frame, FrameFormat.KIND_SINGLE, codec.algorithm(), level, data.length,
        FrameFormat.crc32c(data, 0, data.length));
    FrameFormat.putInt(frame, 20, FrameFormat.frameCrc(frame, FrameFormat.HEADER, out.size()));
    return out.toByteArray();
  }

  private byte[] compressBlocks(Codec codec, byte[] data, Level level) {
    int blockSize = config.blockSize();
    int count = (int) ((data.length + (long) blockSize - 1) / blockSize);
    byte[][] payloads = new byte[count][];
    int[] sizes = new int[count];
    int[] crcs = new int[count];
    int[] payloadCrcs = new int[count];
    executor.runAll(count, i -> {
      int off = i * blockSize;
      int len = Math.min(blockSize, data.length - off);
      OutputBuffer out = scratch.poll();
      if (out == null) {
        out = new OutputBuffer(codec.initialCapacity(len));
      }
      out.rewind();
      try {
        codec.compress(data, off, len, level, out);
        // Exact-size copy: the scratch buffer (about a block, a G1 humongous object) goes back to the pool.
        payloads[i] = Arrays.copyOf(out.array(), out.size());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (out.array().length <= scratchLimit) {
          scratch.offer(out);
        }
      }
      sizes[i] = payloads[i].length;
      crcs[i] = FrameFormat.crc32c(data, off, len);
      payloadCrcs[i] = FrameFormat.crc32c(payloads[i], 0, sizes[i]);
    });
    int tableStart = FrameFormat.HEADER;
    int tableEnd = tableStart + 8 + count * FrameFormat.BLOCK_ENTRY;
    long total = tableEnd;
    for (int s : sizes) {
      total += s;
    }
    if (total > CompressionConfig.MAX_ARRAY_SIZE) {
      throw new CompressionException("frame would be " + total + " bytes, larger than an array can hold");
    }
    byte[] frame = new byte[(int) total];
    FrameFormat.putInt(frame, tableStart, blockSize);
    FrameFormat.putInt(frame, tableStart + 4, count);
    int p = tableEnd;
    for (int i = 0; i < count; i++) {
      int entry = tableStart + 8 + i * FrameFormat.BLOCK_ENTRY;
      FrameFormat.putInt(frame, entry, sizes[i]);
      FrameFormat.putInt(frame, entry + 4, crcs[i]);
      FrameFormat.putInt(frame, entry + 8, payloadCrcs[i]);
      System.arraycopy(payloads[i], 0, frame, p, sizes[i]);
      p += sizes[i];
    }
    FrameFormat.writeHeader(frame, FrameFormat.KIND_BLOCKS, codec.algorithm(), level, data.length, 0);
    FrameFormat.putInt(frame, 20, FrameFormat.frameCrc(frame, tableStart, tableEnd));
    return frame;
  }

  @Override
  public byte[] decompress(byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    long start = System.nanoTime();
    try {
      int kind = FrameFormat.kind(frame, frame.length);
      if (kind == FrameFormat.KIND_STREAM) {
        return decompressStreamFrame(frame, start);
      }
      Header h = readHeader(frame);
      Codec codec = codecs.codec(h.algorithm);
      byte[] out = new byte[(int) h.originalLength];
      if (h.kind == FrameFormat.KIND_SINGLE) {
        int payload = frame.length - FrameFormat.HEADER;
        if (payload > FrameFormat.maxPayload(h.originalLength)) {
          throw new CorruptDataException(h.algorithm + " frame: a payload of " + payload + " bytes cannot encode "
              + h.originalLength + " bytes");
        }
        decode(codec, frame, FrameFormat.HEADER, frame.length - FrameFormat.HEADER, out, 0, out.length);
        if (config.verifyOriginalChecksum() && FrameFormat.crc32c(out, 0, out.length) != h.dataCrc) {
          throw new CorruptDataException(h.algorithm + " frame: checksum of the decompressed data does not match");
        }
      } else {
        decodeBlocks(codec, frame, h, out);
      }
      counters.of(h.algorithm, false).record(frame.length, out.length, System.nanoTime() - start);
      return out;
    } catch (CorruptDataException e) {
      counters.corrupt.increment();
      throw e;
    }
  }

  private record Header(int kind, Algorithm algorithm, Level level, long originalLength, int dataCrc) {}

  /** Validates the fixed header: every length is checked against the limit before anything is allocated. */
  private Header readHeader(byte[] frame) {
    int kind = FrameFormat.kind(frame, frame.length);
    if (frame.length < FrameFormat.HEADER) {
      throw new CorruptDataException("frame of " + frame.length + " bytes is shorter than its "
          + FrameFormat.HEADER + "-byte header");
    }
    if (kind == FrameFormat.KIND_SINGLE
        && FrameFormat.getInt(frame, 20) != FrameFormat.frameCrc(frame, FrameFormat.HEADER, frame.length)) {
      throw new CorruptDataException("frame checksum does not match: the frame is corrupt or truncated");
    }
    Algorithm algorithm = FrameFormat.algorithm(frame);
    Level level = FrameFormat.level(frame);
    long originalLength = FrameFormat.getLong(frame, 8);
    if (originalLength < 0) {
      throw new CorruptDataException("frame declares a negative original length " + originalLength);
    }
    if (originalLength > config.maxDecompressedSize()) {
      throw new SizeLimitExceededException(originalLength, config.maxDecompressedSize());
    }
    return new Header(kind, algorithm, level, originalLength, FrameFormat.getInt(frame, 16));
  }

  private void decodeBlocks(Codec codec, byte[] frame, Header h, byte[] out) {
    int t = FrameFormat.HEADER;
    if (frame.length < t + 8) {
      throw new CorruptDataException(h.algorithm + " block frame is truncated in its block table");
    }
    int blockSize = FrameFormat.getInt(frame, t);
    int count = FrameFormat.getInt(frame, t + 4);
    if (blockSize < 1 || blockSize > FrameFormat.MAX_BLOCK_SIZE) {
      throw new CorruptDataException(h.algorithm + " block frame declares block size " + blockSize);
    }
    long expectedCount = (h.originalLength + blockSize - 1) / blockSize;
    if (count != expectedCount || count < 1) {
      throw new CorruptDataException(h.algorithm + " block frame declares " + count + " blocks, its length needs "
          + expectedCount);
    }
    long tableEnd = t + 8 + (long) count * FrameFormat.BLOCK_ENTRY;
    if (tableEnd > frame.length) {
      throw new CorruptDataException(h.algorithm + " block frame is truncated in its block table");
    }
    if (FrameFormat.getInt(frame, 20) != FrameFormat.frameCrc(frame, t, (int) tableEnd)) {
      throw new CorruptDataException("block frame header checksum does not match: the frame is corrupt");
    }
    int[] offsets = new int[count + 1];
    long p = tableEnd;
    for (int i = 0; i < count; i++) {
      offsets[i] = (int) p;
      int size = FrameFormat.getInt(frame, t + 8 + i * FrameFormat.BLOCK_ENTRY);
      long blockLength = Math.min(blockSize, h.originalLength - (long) i * blockSize);
      if (size < 0 || size > FrameFormat.maxPayload(blockLength)) {
        throw new CorruptDataException(h.algorithm + " block " + i + " declares a payload of " + size
            + " bytes for " + blockLength + " bytes");
      }
      p += size;
    }
    if (p != frame.length) {
      throw new CorruptDataException(h.algorithm + " block frame is " + frame.length + " bytes, its table adds up to "
          + p + (p > frame.length ? " (truncated)" : ""));
    }
    offsets[count] = (int) p;
    executor.runAll(count, i -> {
      int off = i * blockSize;
      int len = (int) Math.min(blockSize, h.originalLength - off);
      int entry = t + 8 + i * FrameFormat.BLOCK_ENTRY;
      if (FrameFormat.crc32c(frame, offsets[i], offsets[i + 1] - offsets[i]) != FrameFormat.getInt(frame, entry + 8)) {
        throw new CorruptDataException(h.algorithm + " block " + i + ": payload checksum does not match");
      }
      decode(codec, frame, offsets[i], offsets[i + 1] - offsets[i], out, off, len);
      if (config.verifyOriginalChecksum()
          && FrameFormat.crc32c(out, off, len) != FrameFormat.getInt(frame, entry + 4)) {
        throw new CorruptDataException(h.algorithm + " block " + i + ": checksum of the decompressed data does "
            + "not match");
      }
    });
  }

  /** Runs a codec on untrusted input; whatever it throws becomes a CorruptDataException naming the algorithm. */
  static void decode(Codec codec, byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) {
    try {
      codec.decompress(src, off, len, dst, dstOff, dstLen);
    } catch (CorruptDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException(codec.algorithm() + " payload is corrupt: " + e.getMessage(), e);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // A pure-Java decoder driven into a corner by hostile input: report it as the input's fault.
      throw new CorruptDataException(codec.algorithm() + " payload is corrupt: decoder failed with " + e, e);
    }
  }

  /**
   * Decodes a stream frame held whole in two passes, so the output is allocated once at its exact size:
   * the first pass walks the chunk headers, checks every chunk's lengths and checksum and sums the
   * original lengths, failing with {@link SizeLimitExceededException} as soon as the sum passes the limit
   * (a bomb costs nothing but the walk); the second decodes each chunk straight into its place. Nothing is
   * kept per chunk between the passes: a frame of many tiny chunks must not cost more than its output.
   */
  private byte[] decompressStreamFrame(byte[] frame, long start) {
    FrameInputStream.readStreamHeader(frame, frame.length);
    Algorithm algorithm = FrameFormat.algorithm(frame);
    int chunkSize = FrameFormat.getInt(frame, 8);
    long limit = config.maxDecompressedSize();
    // newInputStream needs a chunk-sized buffer and applies this rule; here too, so both accept the same frames.
    if (chunkSize > limit) {
      throw new SizeLimitExceededException(chunkSize, limit);
    }
    Codec codec = codecs.codec(algorithm);
    long total = 0;
    int p = FrameFormat.STREAM_HEADER;
    while (true) {
      if (frame.length - p < FrameFormat.CHUNK_HEADER) {
        throw new CorruptDataException(algorithm + " stream is truncated in a chunk header (" + (frame.length - p)
            + " of " + FrameFormat.CHUNK_HEADER + " bytes)");
      }
      if (FrameFormat.checkChunkHeader(frame, p, chunkSize, algorithm)) {
        p += FrameFormat.CHUNK_HEADER;
        break;
      }
      int original = FrameFormat.getInt(frame, p);
      int payload = FrameFormat.getInt(frame, p + 4);
      int payloadStart = p + FrameFormat.CHUNK_HEADER;
      if (frame.length - payloadStart < payload) {
        throw new CorruptDataException(algorithm + " stream is truncated in a chunk payload ("
            + (frame.length - payloadStart) + " of " + payload + " bytes)");
      }
      if (FrameFormat.getInt(frame, p + 12) != FrameFormat.chunkCrc(frame, p, frame, payloadStart, payload)) {
        throw new CorruptDataException(algorithm + " stream chunk checksum does not match: corrupt or truncated");
      }
      total += original;
      if (total > limit) {
        // The sum so far: the walk stops here, so a bomb is not read to its end.
        throw new SizeLimitExceededException(total, limit);
      }
      p = payloadStart + payload;
    }
    if (p != frame.length) {
      throw new CorruptDataException(algorithm + " stream frame has " + (frame.length - p)
          + " bytes after its end marker");
    }
    byte[] out = new byte[(int) total];
    int at = 0;
    for (p = FrameFormat.STREAM_HEADER; at < out.length; ) {
      int original = FrameFormat.getInt(frame, p);
      int payload = FrameFormat.getInt(frame, p + 4);
      // The caller owns the array: if it changed since the first pass, fail rather than write out of range.
      if (original < 1 || original > out.length - at || payload < 1 || payload > frame.length - p
          - FrameFormat.CHUNK_HEADER) {
        throw new CorruptDataException(algorithm + " stream frame changed while it was decompressed");
      }
      decode(codec, frame, p + FrameFormat.CHUNK_HEADER, payload, out, at, original);
      if (config.verifyOriginalChecksum()
          && FrameFormat.crc32c(out, at, original) != FrameFormat.getInt(frame, p + 8)) {
        throw new CorruptDataException(algorithm + " stream chunk: checksum of the decompressed data does not match");
      }
      at += original;
      p += FrameFormat.CHUNK_HEADER + payload;
    }
    counters.of(algorithm, false).record(frame.length, out.length, System.nanoTime() - start);
    return out;
  }

  @Override
  public FrameInfo inspect(byte[] frame) {
    Objects.requireNonNull(frame, "frame");
    int kind = FrameFormat.kind(frame, frame.length);
    if (kind == FrameFormat.KIND_STREAM) {
      FrameInputStream.readStreamHeader(frame, frame.length);
      return new FrameInfo(FrameFormat.algorithm(frame), FrameFormat.level(frame), -1, frame.length, 0);
    }
    Header h = readHeader(frame);
    int blocks = h.kind == FrameFormat.KIND_SINGLE || frame.length < FrameFormat.HEADER + 8 ? 1
        : FrameFormat.getInt(frame, FrameFormat.HEADER + 4);
    return new FrameInfo(h.algorithm, h.level, h.originalLength, frame.length, blocks);
  }

  @Override
  public Choice choose(byte[] sample, Goal goal) {
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(goal, "goal");
    return selector.choose(sample, goal, currentLevel());
  }

  @Override
  public BenchmarkReport benchmark(byte[] sample) {
    Objects.requireNonNull(sample, "sample");
    List<BenchmarkReport.Row> rows = new ArrayList<>();
    for (Algorithm a : Algorithm.values()) {
      if (!codecs.isAvailable(a)) {
        continue;
      }
      for (Level level : Level.values()) {
        byte[][] frame = new byte[1][];
        double c = Measure.bestNanosPerRun(() -> frame[0] = compress(sample, a, level), 50_000_000L, 20);
        double d = Measure.bestNanosPerRun(() -> decompress(frame[0]), 50_000_000L, 20);
        rows.add(new BenchmarkReport.Row(a, level, Measure.mbPerSecond(sample.length, c),
            Measure.mbPerSecond(sample.length, d), frame[0].length == 0 ? 0 : (double) sample.length / frame[0].length));
      }
    }
    return new BenchmarkReport(sample.length, rows);
  }

  @Override
  public OutputStream newOutputStream(OutputStream out, Algorithm algorithm, Level level) {
    Objects.requireNonNull(out, "out");
    return new FrameOutputStream(out, codecs.codec(algorithm), level, config.blockSize(), counters);
  }

  @Override
  public InputStream newInputStream(InputStream in) {
    return new FrameInputStream(Objects.requireNonNull(in, "in"), codecs, config, counters);
  }

  @Override
  public void compressFile(Path source, Path target, Algorithm algorithm, Level level) {
    Codec codec = codecs.codec(algorithm);
    atomicWrite(target, tmp -> {
      try (InputStream in = Files.newInputStream(source);
          OutputStream out = new FrameOutputStream(Files.newOutputStream(tmp), codec, level, config.blockSize(),
              counters)) {
        in.transferTo(out);
      }
    });
  }

  @Override
  public void decompressFile(Path source, Path target) {
    atomicWrite(target, tmp -> {
      try (InputStream in = new FrameInputStream(Files.newInputStream(source), codecs, config, counters);
          OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      } catch (IOException e) {
        if (e.getCause() instanceof CorruptDataException cde) {
          throw cde;
        }
        throw e;
      }
    });
  }

  private interface FileWork {
    void run(Path tmp) throws IOException;
  }

  private static void atomicWrite(Path target, FileWork work) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      work.run(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          org.slf4j.LoggerFactory.getLogger(FramedCompressionEngine.class)
              .warn("could not delete temporary file {}", tmp, suppressed);
        }
      }
    }
  }

  @Override
  public Set<Algorithm> availableAlgorithms() {
    return codecs.available();
  }

  @Override
  public Level currentLevel() {
    return tunable.current();
  }

  @Override
  public Tunable tunable() {
    return tunable;
  }

  @Override
  public CompressionStats stats() {
    return new CompressionStats(counters.snapshot(true), counters.snapshot(false), counters.storedUncompressed(),
        counters.corrupt(), currentLevel(),
        config.algorithm().isPresent() ? Map.of() : selector.freshChoices(CompressionStats.MAX_CHOICES));
  }

  @Override
  public MeterBinder metrics() {
    return new CompressionMetrics(this, List.of());
  }

  @Override
  public void close() {
    selector.close();
    executor.close();
    scratch.clear();
  }

}
