package dev.optimizer.compress.internal;

import com.github.luben.zstd.Zstd;
import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;

/** Zstandard through zstd-jni's array entry points, which write into caller-sized ranges only. */
final class ZstdCodec implements Codec {
  ZstdCodec() {
    // Loads the native library now, so a missing one marks the codec unavailable up front.
    Zstd.compressBound(1);
  }

  static int nativeLevel(Level level) {
    return switch (level) {
      case FAST -> 1;
      case BALANCED -> 3;
      case MAXIMUM -> 19;
    };
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.ZSTD;
  }

  @Override
  public int initialCapacity(int len) {
    return (int) Math.min(Integer.MAX_VALUE - 8L, Zstd.compressBound(len));
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) throws IOException {
    int bound = initialCapacity(len);
    byte[] dst = out.reserve(bound);
    long n = Zstd.compressByteArray(dst, out.size(), bound, src, off, len, nativeLevel(level));
    if (Zstd.isError(n)) {
      throw new IOException("zstd compression failed: " + Zstd.getErrorName(n));
    }
    out.advance((int) n);
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    long n = Zstd.decompressByteArray(dst, dstOff, dstLen, src, off, len);
    if (Zstd.isError(n)) {
      throw new IOException("zstd: " + Zstd.getErrorName(n));
    }
    if (n != dstLen) {
      throw new IOException("zstd payload decodes to " + n + " bytes, header declares " + dstLen);
    }
  }
}
