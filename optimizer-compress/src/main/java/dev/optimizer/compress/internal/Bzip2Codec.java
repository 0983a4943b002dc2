package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** BZIP2 through Commons Compress; its level is the block size in units of 100 KB. */
final class Bzip2Codec implements Codec {
  static int blockSize(Level level) {
    return switch (level) {
      case FAST -> 1;
      case BALANCED -> 5;
      case MAXIMUM -> 9;
    };
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.BZIP2;
  }

  @Override
  public int initialCapacity(int len) {
    return len / 3 + 64;
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) throws IOException {
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, blockSize(level))) {
      bz.write(src, off, len);
    }
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    try (BZip2CompressorInputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(src, off, len))) {
      StreamCodecs.readExactly(in, dst, dstOff, dstLen, "bzip2");
    }
  }
}
