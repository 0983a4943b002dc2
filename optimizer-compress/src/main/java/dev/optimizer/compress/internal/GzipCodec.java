package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * GZIP (RFC 1952) written and read around a raw deflater, which saves the stream wrappers' extra copies.
 * Readable by any gzip tool. Its CRC-32 trailer is written and checked.
 */
final class GzipCodec implements Codec {
  private static final int HEADER = 10;
  private static final int TRAILER = 8;

  @Override
  public Algorithm algorithm() {
    return Algorithm.GZIP;
  }

  @Override
  public int initialCapacity(int len) {
    return DeflateSupport.bound(len) + HEADER + TRAILER;
  }

  @Override
  public void compress(byte[] src, int off, int len, Level level, OutputBuffer out) {
    byte[] h = out.reserve(HEADER);
    int p = out.size();
    h[p] = 0x1f;
    h[p + 1] = (byte) 0x8b;
    h[p + 2] = 8; // deflate
    h[p + 3] = 0; // no flags
    h[p + 4] = h[p + 5] = h[p + 6] = h[p + 7] = 0; // no mtime: output depends on the data only
    h[p + 8] = (byte) (level == Level.MAXIMUM ? 2 : level == Level.FAST ? 4 : 0);
    h[p + 9] = (byte) 255; // unknown OS
    out.advance(HEADER);
    DeflateSupport.deflate(src, off, len, level, true, out);
    CRC32 crc = new CRC32();
    crc.update(src, off, len);
    byte[] t = out.reserve(TRAILER);
    int q = out.size();
    putIntLe(t, q, (int) crc.getValue());
    putIntLe(t, q + 4, len);
    out.advance(TRAILER);
  }

  @Override
  public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) throws IOException {
    int end = off + len;
    if (len < HEADER + TRAILER || (src[off] & 0xff) != 0x1f || (src[off + 1] & 0xff) != 0x8b || src[off + 2] != 8) {
      throw new IOException("not a gzip member");
    }
    int flags = src[off + 3] & 0xff;
    if ((flags & 0xe0) != 0) {
      throw new IOException("gzip header has reserved flags set");
    }
    int p = off + HEADER;
    if ((flags & 4) != 0) { // FEXTRA
      if (p + 2 > end) {
        throw new IOException("gzip header is truncated");
      }
      p += 2 + ((src[p] & 0xff) | (src[p + 1] & 0xff) << 8);
    }
    for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & bit) != 0) {
        while (p < end && src[p] != 0) {
          p++;
        }
        p++;
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      p += 2;
    }
    if (p + TRAILER > end) {
      throw new IOException("gzip header is truncated");
    }
    int after = DeflateSupport.inflate(src, p, end - p, true, dst, dstOff, dstLen, TRAILER);
    CRC32 crc = new CRC32();
    crc.update(dst, dstOff, dstLen);
    if (getIntLe(src, after) != (int) crc.getValue()) {
      throw new IOException("gzip CRC-32 mismatch");
    }
    if (getIntLe(src, after + 4) != dstLen) {
      throw new IOException("gzip ISIZE does not match the declared length");
    }
  }

  private static void putIntLe(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >>> 8);
    b[p + 2] = (byte) (v >>> 16);
    b[p + 3] = (byte) (v >>> 24);
  }

  private static int getIntLe(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }
}
