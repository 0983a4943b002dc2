package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * XZ (LZMA2) through org.tukaani:xz. The dictionary is capped at the input size: a larger one buys no
 * ratio and costs memory (preset 9 alone would want 674 MiB to encode). The XZ integrity check is off
 * because the frame carries CRC32C of the original; the decoder's memory is capped in proportion to the
 * declared length, so a hostile header cannot make it allocate a huge dictionary.
 */
final class XzCodec implements Codec {
  static int preset(Level level) {
    return switch (level) {
      case FAST -> 1;
      case BALANCED -> 6;
      case MAXIMUM -> 9;
    };
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.XZ;
  }

  @Override
  public int initialCapacity(int len) {
    return len / 3 + 128;
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) throws IOException {
    LZMA2Options options = new LZMA2Options(preset(level));
    options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), len)));
    try (XZOutputStream xz = new XZOutputStream(out, options, XZ.CHECK_NONE)) {
      xz.write(src, off, len);
    }
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    // Dictionary sizes are stored rounded up to 2^n or 3 * 2^(n-1): allow twice the length plus overhead.
    int memoryLimitKib = (int) Math.min(Integer.MAX_VALUE, (2L * dstLen) / 1024 + 2048);
    try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(src, off, len), memoryLimitKib)) {
      StreamCodecs.readExactly(in, dst, dstOff, dstLen, "xz");
    }
  }
}
