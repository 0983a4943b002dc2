package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;

/** {@link Algorithm#NONE}: the payload is the data. */
final class StoredCodec implements Codec {
  @Override
  public Algorithm algorithm() {
    return Algorithm.NONE;
  }

  @Override
  public int initialCapacity(int len) {
    return len;
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) {
    out.write(src, off, len);
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    if (len != dstLen) {
      throw new IOException("stored payload is " + len + " bytes, header declares " + dstLen);
    }
    System.arraycopy(src, off, dst, dstOff, len);
  }
}
