package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CompressionConfig;
import dev.optimizer.compress.CorruptDataException;
import dev.optimizer.compress.Level;
import dev.optimizer.compress.SizeLimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the original bytes of a frame from a stream. A stream frame is decoded chunk by chunk: each
 * chunk's lengths are checked against the declared chunk size before its buffers are sized, so memory
 * stays within two chunks whatever the stream says. A single or block frame is read whole (up to the size
 * limit) and decompressed. Corruption surfaces as an {@link IOException} whose cause is the
 * {@link CorruptDataException}; once failed, every later read fails the same way, so a caller that drops
 * one exception never mistakes the rest for a clean end.
 *
 * <p>The frame must be all that is left of the underlying stream, as in {@code decompress(byte[])}: on
 * reaching a stream frame's end marker one more byte is read, and if there is one the input is corrupt.
 * That read blocks until the underlying stream has a byte or its end, so {@code -1} is only returned once
 * the source is known to hold nothing more. Not thread-safe.
 */
final class FrameInputStream extends InputStream {
  private final InputStream in;
  private final CodecRegistry codecs;
  private final CompressionConfig config;
  private final EngineCounters counters;
  private @Nullable Codec codec;
  private int chunkSize;
  private byte[] current = new byte[0];
  private int pos;
  private int limit;
  private byte @Nullable [] payload;
  private boolean started;
  private boolean finished;
  private boolean closed;
  private @Nullable CorruptDataException failure;

  FrameInputStream(InputStream in, CodecRegistry codecs, CompressionConfig config, EngineCounters counters) {
    this.in = Objects.requireNonNull(in, "in");
    this.codecs = codecs;
    this.config = config;
    this.counters = counters;
  }

  static void readStreamHeader(byte[] h, int length) {
    if (length < FrameFormat.STREAM_HEADER) {
      throw new CorruptDataException("stream frame is truncated in its header");
    }
    if (FrameFormat.getInt(h, 12) != FrameFormat.crc32c(h, 0, 12)) {
      throw new CorruptDataException("stream header checksum does not match");
    }
    FrameFormat.algorithm(h);
    FrameFormat.level(h);
    int chunk = FrameFormat.getInt(h, 8);
    if (chunk < 1 || chunk > FrameFormat.MAX_BLOCK_SIZE) {
      throw new CorruptDataException("stream declares chunk size " + chunk);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failure != null) {
      throw new IOException(failure.getMessage(), failure);
    }
    if (len == 0) {
      return 0;
    }
    try {
      while (pos == limit) {
        if (!nextChunk()) {
          return -1;
        }
      }
    } catch (CorruptDataException e) {
      failure = e;
      counters.corrupt.increment();
      throw new IOException(e.getMessage(), e);
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  private boolean nextChunk() throws IOException {
    if (finished) {
      return false;
    }
    if (!started) {
      started = true;
      return start();
    }
    byte[] h = readFully(FrameFormat.CHUNK_HEADER, "chunk header");
    if (FrameFormat.checkChunkHeader(h, 0, chunkSize, algorithm())) {
      if (in.read() != -1) {
        throw new CorruptDataException(algorithm() + " stream frame has bytes after its end marker");
      }
      finished = true;
      return false;
    }
    int original = FrameFormat.getInt(h, 0);
    int compressed = FrameFormat.getInt(h, 4);
    byte[] buf = payload;
    if (buf == null || buf.length < compressed) {
      buf = new byte[(int) FrameFormat.maxPayload(chunkSize)];
      payload = buf;
    }
    readFully(buf, compressed, "chunk payload");
    if (FrameFormat.getInt(h, 12) != FrameFormat.chunkCrc(h, 0, buf, 0, compressed)) {
      throw new CorruptDataException(algorithm() + " stream chunk checksum does not match: corrupt or truncated");
    }
    long start = System.nanoTime();
    Codec c = Objects.requireNonNull(codec);
    FramedCompressionEngine.decode(c, buf, 0, compressed, current, 0, original);
    if (config.verifyOriginalChecksum() && FrameFormat.crc32c(current, 0, original) != FrameFormat.getInt(h, 8)) {
      throw new CorruptDataException(algorithm() + " stream chunk: checksum of the decompressed data does not match");
    }
    counters.of(c.algorithm(), false).record(compressed + FrameFormat.CHUNK_HEADER, original,
        System.nanoTime() - start);
    pos = 0;
    limit = original;
    return true;
  }

  private boolean start() throws IOException {
    byte[] first = in.readNBytes(8);
    int kind = FrameFormat.kind(first, first.length);
    if (kind == FrameFormat.KIND_STREAM) {
      byte[] h = Arrays.copyOf(first, FrameFormat.STREAM_HEADER);
      readFully(h, 8, FrameFormat.STREAM_HEADER - 8, "stream header");
      readStreamHeader(h, h.length);
      codec = codecs.codec(FrameFormat.algorithm(h));
      chunkSize = FrameFormat.getInt(h, 8);
      if (chunkSize > config.maxDecompressedSize()) {
        throw new SizeLimitExceededException(chunkSize, config.maxDecompressedSize());
      }
      current = new byte[chunkSize];
      return nextChunk();
    }
    // A whole single or block frame: bounded by what the largest legal frame can be.
    long cap = Math.min(CompressionConfig.MAX_ARRAY_SIZE - 8L, FrameFormat.maxPayload(config.maxDecompressedSize())
        + FrameFormat.HEADER + 8 + 8L * (config.maxDecompressedSize() / 4096 + 1));
    byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16L, cap - 8 + 1));
    if (rest.length > cap - 8) {
      throw new SizeLimitExceededException(rest.length + 8L, cap);
    }
    byte[] frame = new byte[8 + rest.length];
    System.arraycopy(first, 0, frame, 0, 8);
    System.arraycopy(rest, 0, frame, 8, rest.length);
    current = new FramedCompressionEngine(config.toBuilder().workers(1).build(), codecs).decompress(frame);
    pos = 0;
    limit = current.length;
    finished = true;
    return limit > 0;
  }

  private Algorithm algorithm() {
    return codec == null ? Algorithm.NONE : codec.algorithm();
  }

  private byte[] readFully(int n, String what) throws IOException {
    byte[] b = new byte[n];
    readFully(b, n, what);
    return b;
  }

  private void readFully(byte[] b, int n, String what) throws IOException {
    readFully(b, 0, n, what);
  }

  private void readFully(byte[] b, int off, int n, String what) throws IOException {
    int got = in.readNBytes(b, off, n);
    if (got != n) {
      throw new CorruptDataException((codec == null ? "" : codec.algorithm() + " ") + "stream is truncated in a "
          + what + " (" + got + " of " + n + " bytes)");
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }
}
