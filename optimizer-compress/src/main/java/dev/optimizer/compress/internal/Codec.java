package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;

/**
 * One algorithm's raw encoder and bounded decoder. Implementations are stateless and thread-safe.
 *
 * <p>{@link #decompress} must produce exactly {@code dstLen} bytes into the given range and must fail
 * (any exception) when the payload is malformed, ends early, or would produce more: it never writes
 * outside the range and never allocates in proportion to anything but {@code dstLen} and {@code len}.
 */
public interface Codec {
  /** The algorithm this codec implements. */
  Algorithm algorithm();

  /** A good first capacity for the output of compressing {@code len} bytes (exact bound when cheap). */
  int initialCapacity(int len);

  /** Appends the compressed form of {@code src[off, off + len)} to {@code out}. */
  void compress(byte[] src, int off, int len, Level level, OutputBuffer out) throws IOException;

  /** Decodes {@code src[off, off + len)} into exactly {@code dst[dstOff, dstOff + dstLen)}. */
  void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException;
}
