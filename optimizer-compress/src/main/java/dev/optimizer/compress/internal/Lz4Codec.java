package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 block format. The safe decompressor bounds every write by the destination range, so a hostile
 * payload cannot write past it (the "fast" decompressor trusts its input and is never used).
 */
final class Lz4Codec implements Codec {
  private final LZ4Compressor fast;
  private final LZ4Compressor balanced;
  private final LZ4Compressor maximum;
  private final LZ4SafeDecompressor decompressor;

  Lz4Codec() {
    LZ4Factory factory = LZ4Factory.fastestInstance();
    this.fast = factory.fastCompressor();
    this.balanced = factory.highCompressor(9);
    this.maximum = factory.highCompressor(17);
    this.decompressor = factory.safeDecompressor();
  }

  @Override
  public Algorithm algorithm() {
    return Algorithm.LZ4;
  }

  @Override
  public int initialCapacity(int len) {
    return fast.maxCompressedLength(len);
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) {
    LZ4Compressor c = level == Level.FAST ? fast : level == Level.BALANCED ? balanced : maximum;
    int bound = c.maxCompressedLength(len);
    byte[] dst = out.reserve(bound);
    out.advance(c.compress(src, off, len, dst, out.size(), bound));
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    if (dstLen == 0) {
      // An empty input compresses to a single token byte; nothing to decode into.
      if (len != 1 || src[off] != 0) {
        throw new IOException("LZ4 payload of " + len + " bytes for an empty original");
      }
      return;
    }
    int n = decompressor.decompress(src, off, len, dst, dstOff, dstLen);
    if (n != dstLen) {
      throw new IOException("LZ4 payload decodes to " + n + " bytes, header declares " + dstLen);
    }
  }
}
