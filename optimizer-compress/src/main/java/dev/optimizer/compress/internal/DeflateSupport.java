package dev.optimizer.compress.internal;

import dev.optimizer.compress.Level;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The deflate loops shared by {@link DeflateCodec} (zlib wrapper) and {@link GzipCodec} (raw + gzip). */
final class DeflateSupport {
  private DeflateSupport() {}

  static int nativeLevel(Level level) {
    return switch (level) {
      case FAST -> 1;
      case BALANCED -> 6;
      case MAXIMUM -> 9;
    };
  }

  /** Worst-case deflate output plus slack, so one pass usually suffices. */
  static int bound(int len) {
    return (int) Math.min(Integer.MAX_VALUE - 64L, len + (len >> 12) + (len >> 14) + 64L);
  }

  static void deflate(byte[] src, int off, int len, Level level, boolean raw, OutputBuffer out) {
    Deflater deflater = new Deflater(nativeLevel(level), raw);
    try {
      deflater.setInput(src, off, len);
      deflater.finish();
      int room = bound(len);
      while (!deflater.finished()) {
        byte[] dst = out.reserve(room);
        out.advance(deflater.deflate(dst, out.size(), room));
        room = Math.max(room, 64 << 10);
      }
    } finally {
      deflater.end();
    }
  }

  /**
   * Inflates exactly {@code dstLen} bytes; fails when the stream ends early, would produce more, or is
   * followed by anything but {@code trailer} bytes.
   *
   * @return the offset in {@code src} just after the deflate stream
   */
  static int inflate(byte[] src, int off, int len, boolean raw, byte[] dst, int dstOff, int dstLen, int trailer)
      throws IOException {
    Inflater inflater = new Inflater(raw);
    try {
      inflater.setInput(src, off, len);
      int written = 0;
      while (true) {
        if (written == dstLen) {
          if (!inflater.finished()) {
            byte[] probe = new byte[1];
            if (inflater.inflate(probe) > 0) {
              throw new IOException("deflate payload expands beyond the declared " + dstLen + " bytes");
            }
            if (!inflater.finished()) {
              throw new IOException("deflate payload is truncated");
            }
          }
          break;
        }
        int n = inflater.inflate(dst, dstOff + written, dstLen - written);
        written += n;
        if (n == 0) {
          if (inflater.finished()) {
            throw new IOException("deflate payload decodes to " + written + " bytes, header declares " + dstLen);
          }
          if (inflater.needsInput() || inflater.needsDictionary()) {
            throw new IOException("deflate payload is truncated after " + written + " of " + dstLen + " bytes");
          }
        }
      }
      if (inflater.getRemaining() != trailer) {
        throw new IOException("deflate payload is followed by " + inflater.getRemaining()
            + " bytes, expected " + trailer);
      }
      return off + len - inflater.getRemaining();
    } catch (DataFormatException e) {
      throw new IOException("deflate: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }
}
