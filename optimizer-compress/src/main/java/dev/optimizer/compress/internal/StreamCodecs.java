package dev.optimizer.compress.internal;

import java.io.IOException;
import java.io.InputStream;

/** Bounded reading shared by the stream-based codecs (BZIP2, XZ). */
final class StreamCodecs {
  private StreamCodecs() {}

  /** Reads exactly {@code dstLen} bytes and then requires the end of the stream. */
  static void readExactly(InputStream in, byte[] dst, int dstOff, int dstLen, String what) throws IOException {
    int n = in.readNBytes(dst, dstOff, dstLen);
    if (n != dstLen) {
      throw new IOException(what + " payload decodes to " + n + " bytes, header declares " + dstLen);
    }
    if (in.read() != -1) {
      throw new IOException(what + " payload expands beyond the declared " + dstLen + " bytes");
    }
  }
}
