package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;

/** zlib-wrapped DEFLATE (RFC 1950), whose Adler-32 trailer the inflater checks. */
final class DeflateCodec implements Codec {
  @Override
  public Algorithm algorithm() {
    return Algorithm.DEFLATE;
  }

  @Override
  public int initialCapacity(int len) {
    return DeflateSupport.bound(len);
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) {
    DeflateSupport.deflate(src, off, len, level, false, out);
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    DeflateSupport.inflate(src, off, len, false, dst, dstOff, dstLen, 0);
  }
}
