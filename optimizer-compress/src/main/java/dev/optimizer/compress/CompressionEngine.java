package dev.optimizer.compress;

import dev.optimizer.compress.internal.FramedCompressionEngine;
import dev.optimizer.core.Tunable;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * Compresses bytes into self-describing frames and back. A frame records its format version, algorithm,
 * level, original length and a CRC32C of the original bytes, so {@link #decompress(byte[])} needs no
 * algorithm argument and a corrupt, truncated or foreign input fails with a {@link CorruptDataException}
 * instead of returning garbage.
 *
 * <p>Inputs of at least {@link CompressionConfig#parallelThreshold()} bytes are split into independent
 * blocks of {@link CompressionConfig#blockSize()} compressed in parallel, kept in order in one frame and
 * decompressed in parallel. Streams and files are processed chunk by chunk in bounded memory.
 *
 * <p>Thread-safe: one engine serves all threads. {@link #close()} stops its worker threads; calls after it
 * still work, single-threaded.
 */
public interface CompressionEngine extends AutoCloseable {
  /** An engine with {@link CompressionConfig#ofDefaults()}. */
  static CompressionEngine create() {
    return create(CompressionConfig.ofDefaults());
  }

  /** An engine with the given configuration. */
  static CompressionEngine create(CompressionConfig config) {
    return new FramedCompressionEngine(config);
  }

  /** The configuration this engine was built with. */
  CompressionConfig config();

  /**
   * Compresses with the configured algorithm, or, when none is configured, the one automatic selection
   * chooses for the configured goal (cached under the empty content key, see
   * {@link #compress(byte[], String)}), at the configured level as tuned under CPU pressure.
   *
   * @param data the bytes; not modified
   * @return a new frame
   * @throws CodecUnavailableException if the configured algorithm cannot run on this platform
   */
  byte[] compress(byte[] data);

  /**
   * Like {@link #compress(byte[])} with the automatic choice cached under {@code contentKey}: callers give
   * one key per kind of content (e.g. {@code "user-json"}) so each kind gets its own algorithm. The choice
   * is measured on the first {@link CompressionConfig#sampleSize()} bytes when absent or older than
   * {@link CompressionConfig#recheckInterval()}. Data that does not compress by
   * {@link CompressionConfig#minCompressRatio()} is stored with {@link Algorithm#NONE}. Measuring costs
   * tens to hundreds of milliseconds with the default candidates and sample size (the first time, mostly
   * loading native codecs), once per key per interval. By default it runs on a background thread while
   * this call compresses with a provisional algorithm (see {@link CompressionConfig#backgroundSelection()});
   * with background selection off it runs on the calling thread.
   *
   * @throws CodecUnavailableException if the configured algorithm cannot run on this platform
   */
  byte[] compress(byte[] data, String contentKey);

  /**
   * Like {@link #compress(byte[], String)} at the given level instead of the current default one.
   *
   * @throws CodecUnavailableException if the configured algorithm cannot run on this platform
   */
  byte[] compress(byte[] data, String contentKey, Level level);

  /**
   * Compresses with the given algorithm at the current default level (see {@link #currentLevel()}).
   *
   * @throws CodecUnavailableException if the algorithm cannot run on this platform
   */
  byte[] compress(byte[] data, Algorithm algorithm);

  /**
   * Compresses with exactly the given algorithm and level (no fallback to NONE, no tuning). All the
   * {@code compress} methods share these rules: {@code data} is not modified and the result is a new array;
   * inputs of at least {@link CompressionConfig#parallelThreshold()} bytes become a block frame compressed
   * on the engine's workers and the calling thread.
   *
   * @throws IllegalArgumentException if {@code data} is larger than
   *     {@link CompressionConfig#maxDecompressedSize()} (its frame could never be decompressed)
   * @throws CodecUnavailableException if the algorithm cannot run on this platform
   */
  byte[] compress(byte[] data, Algorithm algorithm, Level level);

  /**
   * Restores the original bytes of a frame made by any engine (or output stream) of this library. The
   * array must hold exactly one frame. Besides {@code frame}, the call needs about the size of the result
   * in heap: a stream frame (from {@link #newOutputStream}) is sized by summing its chunk headers before
   * the result is allocated, then decoded into it in place.
   *
   * @return a new array with the original bytes
   * @throws SizeLimitExceededException if the frame declares or expands to more than
   *     {@link CompressionConfig#maxDecompressedSize()} (for a stream frame, the sum of its chunks'
   *     lengths); checked before allocating
   * @throws CorruptDataException if the frame is corrupt, truncated, followed by any byte after its end,
   *     or not a frame; the message names what was wrong and the algorithm when its codec rejected the
   *     payload
   * @throws CodecUnavailableException if the frame is valid but its algorithm cannot run here
   */
  byte[] decompress(byte[] frame);

  /**
   * Reads a frame's header without decompressing it.
   *
   * @throws CorruptDataException if the header is not valid
   */
  FrameInfo inspect(byte[] frame);

  /**
   * Measures every available candidate algorithm ({@link CompressionConfig#candidates()}) at the current
   * default level on {@code sample} (at most {@link CompressionConfig#sampleSize()} bytes of it) and
   * picks the best for {@code goal}. Each candidate is timed compressing and decompressing the sample,
   * repeated until at least a millisecond has passed, best of the repeats. With {@code ratio} =
   * input / output and {@code speed} = sample MB / (compress + decompress seconds):
   * <ul>
   *   <li>{@link Goal#SPEED}: score = speed;</li>
   *   <li>{@link Goal#RATIO}: score = ratio;</li>
   *   <li>{@link Goal#BALANCED}: score = ratio x log2(1 + speed), so halving the speed costs as much as a
   *       modest ratio loss and slow heavyweight codecs win only by a clear ratio margin.</li>
   * </ul>
   * Candidates whose ratio is below {@link CompressionConfig#minCompressRatio()} are not eligible; when
   * none is, the choice is {@link Algorithm#NONE}. Not cached: {@link #compress(byte[], String)} caches.
   *
   * @return the choice with every candidate's measurement
   */
  Choice choose(byte[] sample, Goal goal);

  /**
   * Measures each available algorithm at each level on {@code sample}: compression and decompression
   * MB/s and ratio. Takes roughly a second per MiB of sample, mostly in BZIP2, XZ and BROTLI MAXIMUM.
   */
  BenchmarkReport benchmark(byte[] sample);

  /**
   * A stream writing one stream frame to {@code out}: data is buffered up to
   * {@link CompressionConfig#blockSize()} and each chunk compressed on its own, so memory stays bounded
   * whatever the total. Closing it writes the end marker and closes {@code out}. Not thread-safe.
   *
   * @throws CodecUnavailableException if the algorithm cannot run on this platform
   */
  OutputStream newOutputStream(OutputStream out, Algorithm algorithm, Level level);

  /**
   * A stream reading the original bytes of a stream frame (from {@link #newOutputStream}) chunk by chunk
   * in bounded memory; a whole single or block frame is accepted too (read up to the size limit). Read
   * failures are {@link java.io.IOException}s whose cause is the {@link CorruptDataException}; after one,
   * every further read fails the same way. Closing it closes {@code in}. Not thread-safe.
   *
   * <p>The frame must be the rest of {@code in}, as in {@link #decompress(byte[])}: bytes after it make the
   * input corrupt. On reaching a stream frame's end marker the stream reads one more byte from {@code in}
   * before it reports the end ({@code -1}), so on a socket or pipe that read waits for the writer to close
   * its side; a protocol that sends more after a frame must delimit the frame itself (e.g. length-prefix it
   * and hand this stream a bounded view).
   */
  InputStream newInputStream(InputStream in);

  /**
   * Compresses a file of any size into a stream frame in bounded memory. The target is written to a
   * temporary file beside it and moved into place only when complete, so a failure never leaves a partial
   * target.
   *
   * @throws java.io.UncheckedIOException on I/O failure
   */
  void compressFile(Path source, Path target, Algorithm algorithm, Level level);

  /**
   * Decompresses a file written by {@link #compressFile} (or any frame) in bounded memory; atomic like
   * {@link #compressFile}.
   *
   * @throws CorruptDataException if the source is not exactly one valid frame (bytes after it included)
   * @throws java.io.UncheckedIOException on I/O failure
   */
  void decompressFile(Path source, Path target);

  /** The algorithms whose codecs can run on this platform. */
  Set<Algorithm> availableAlgorithms();

  /** The level used when the caller names none: the configured level, possibly stepped down by tuning. */
  Level currentLevel();

  /**
   * The tunable stepping {@link #currentLevel()} to a faster level under CPU pressure and back when
   * relieved; {@link CompressionModule} registers it with the optimizer.
   */
  Tunable tunable();

  /**
   * Counters since creation, per algorithm and direction. Thread-safe; each counter is read once, so a
   * snapshot taken during calls may be off by the calls that finished while it was taken.
   *
   * @return a new immutable snapshot
   */
  CompressionStats stats();

  /**
   * The engine's {@code optimizer.compress.*} meters, untagged beyond {@code algorithm} and {@code direction}
   * (see {@link CompressionMetrics}; use that class directly to add tags such as {@code name}). Nothing is
   * registered until {@code bindTo} is called; {@link CompressionModule} binds it to the optimizer's registry.
   */
  io.micrometer.core.instrument.binder.MeterBinder metrics();

  /** Stops the worker threads. Idempotent. */
  @Override
  void close();
}
