package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/** Snappy raw format; it has no levels. Its decoder bounds-checks, and the length is checked first. */
final class SnappyCodec implements Codec {
  SnappyCodec() {
    // Loads the native library now, so a missing one marks the codec unavailable up front.
    Snappy.maxCompressedLength(1);
    try {
      Snappy.uncompressedLength(new byte[] {0});
    } catch (IOException e) {
      throw new IllegalStateException("snappy self-test failed", e);
    }
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.SNAPPY;
  }

  @Override
  public int initialCapacity(int len) {
    return Snappy.maxCompressedLength(len);
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) throws IOException {
    byte[] dst = out.reserve(Snappy.maxCompressedLength(len));
    out.advance(Snappy.compress(src, off, len, dst, out.size()));
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    int declared = Snappy.uncompressedLength(src, off, len);
    if (declared != dstLen) {
      throw new IOException("snappy payload declares " + declared + " bytes, header declares " + dstLen);
    }
    int n = Snappy.uncompress(src, off, len, dst, dstOff);
    if (n != dstLen) {
      throw new IOException("snappy payload decodes to " + n + " bytes, header declares " + dstLen);
    }
  }
}
