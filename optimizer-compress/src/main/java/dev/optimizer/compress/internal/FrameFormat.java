package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.CorruptDataException;
import dev.optimizer.compress.Level;
import java.util.zip.CRC32C;

/**
 * The byte layout of frames, big-endian throughout.
 *
 * <pre>
 * single / blocks header (24 bytes):
 *   0  magic 0x89 'O' 'P' 'Z'     4  version      5  kind (0 single, 1 blocks)
 *   6  algorithm id               7  level        8  original length (8 bytes)
 *   16 data CRC32C of the original bytes (0 for blocks)
 *   20 frame CRC32C: of bytes 0..19 and everything after byte 23 (single), or of bytes 0..19 and the
 *      block table (blocks)
 * single:  header, payload (the rest of the frame)
 * blocks:  header, block size (4), block count (4), count x (payload length (4), CRC32C of the block's
 *          original bytes (4), CRC32C of the block's payload (4)), payloads in order
 * stream header (16 bytes): magic, version, kind 2, algorithm, level, chunk size (4), CRC32C of 0..11
 * stream chunk: original length (4), payload length (4), CRC32C of original (4), CRC32C of those 12
 *          bytes and the payload (4), payload; the end is a chunk of lengths 0 and 0
 * </pre>
 *
 * Every kind ends exactly where its layout ends: bytes after a frame make the input corrupt, whichever way
 * it is read (a frame is never silently a prefix of something else).
 *
 * Two checksums on purpose: the frame checksum covers every stored byte, so any flipped bit or cut is
 * caught before a codec runs (a checksum of the original alone misses flips a codec decodes to the same
 * bytes: padding bits, gzip's mtime, an LZ4 offset into a repeat); the data checksum catches a codec
 * that decodes wrongly. Lengths are validated against the limit and the frame size before any allocation
 * or native call.
 */
public final class FrameFormat {
  /** {@code 0x89 'O' 'P' 'Z'}: the high first byte keeps text from looking like a frame. */
  public static final int MAGIC = 0x894F505A;
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;
  static final int KIND_SINGLE = 0;
  static final int KIND_BLOCKS = 1;
  static final int KIND_STREAM = 2;
  /** Size of the single / blocks header. */
  public static final int HEADER = 24;
  static final int STREAM_HEADER = 16;
  static final int CHUNK_HEADER = 16;
  static final int BLOCK_ENTRY = 12;
  static final int MAX_BLOCK_SIZE = 64 << 20;

  private FrameFormat() {}

  static int crc32c(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  static void writeHeader(byte[] b, int kind, Algorithm algorithm, Level level, long originalLength, int dataCrc) {
    putInt(b, 0, MAGIC);
    b[4] = VERSION;
    b[5] = (byte) kind;
    b[6] = (byte) algorithm.id();
    b[7] = (byte) level.ordinal();
    putLong(b, 8, originalLength);
    putInt(b, 16, dataCrc);
  }

  /** CRC32C of bytes 0..19 and {@code [from, to)}: the frame checksum stored at byte 20. */
  static int frameCrc(byte[] b, int from, int to) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, 20);
    crc.update(b, from, to - from);
    return (int) crc.getValue();
  }

  static void writeStreamHeader(byte[] b, Algorithm algorithm, Level level, int chunkSize) {
    putInt(b, 0, MAGIC);
    b[4] = VERSION;
    b[5] = KIND_STREAM;
    b[6] = (byte) algorithm.id();
    b[7] = (byte) level.ordinal();
    putInt(b, 8, chunkSize);
    putInt(b, 12, crc32c(b, 0, 12));
  }

  /** Writes a chunk header whose payload follows it in the same array. */
  static void writeChunkHeader(byte[] b, int off, int originalLength, int payloadLength, int dataCrc) {
    putInt(b, off, originalLength);
    putInt(b, off + 4, payloadLength);
    putInt(b, off + 8, dataCrc);
    putInt(b, off + 12, chunkCrc(b, off, b, off + CHUNK_HEADER, payloadLength));
  }

  /** CRC32C of a chunk header's first 12 bytes and its payload. */
  static int chunkCrc(byte[] header, int off, byte[] payload, int payloadOff, int payloadLength) {
    CRC32C crc = new CRC32C();
    crc.update(header, off, 12);
    crc.update(payload, payloadOff, payloadLength);
    return (int) crc.getValue();
  }

  /**
   * Validates the lengths of the chunk header at {@code b[off, off + 16)} against the stream's chunk size
   * and returns whether it is the end marker (a corrupt end marker is rejected here). The payload checksum
   * is the caller's: it needs the payload.
   */
  static boolean checkChunkHeader(byte[] b, int off, int chunkSize, Algorithm algorithm) {
    int original = getInt(b, off);
    int payload = getInt(b, off + 4);
    if (original == 0 && payload == 0) {
      if (getInt(b, off + 12) != chunkCrc(b, off, b, off, 0) || getInt(b, off + 8) != 0) {
        throw new CorruptDataException(algorithm + " stream end marker is corrupt");
      }
      return true;
    }
    if (original < 1 || original > chunkSize) {
      throw new CorruptDataException(algorithm + " stream chunk declares " + original + " bytes, chunk size is "
          + chunkSize);
    }
    if (payload < 1 || payload > maxPayload(original)) {
      throw new CorruptDataException(algorithm + " stream chunk declares a payload of " + payload + " bytes for "
          + original + " bytes");
    }
    return false;
  }

  /** Checks magic and version of the first 8 bytes and returns the kind. */
  static int kind(byte[] b, int length) {
    if (length < 8) {
      throw new CorruptDataException("input of " + length + " bytes is too short to be a frame");
    }
    if (getInt(b, 0) != MAGIC) {
      throw new CorruptDataException(String.format("not a frame: magic is 0x%08X, expected 0x%08X", getInt(b, 0),
          MAGIC));
    }
    if (b[4] != VERSION) {
      throw new CorruptDataException("unsupported frame version " + (b[4] & 0xff) + ", this reads " + VERSION);
    }
    int kind = b[5] & 0xff;
    if (kind > KIND_STREAM) {
      throw new CorruptDataException("unknown frame kind " + kind);
    }
    return kind;
  }

  static Algorithm algorithm(byte[] b) {
    return Algorithm.ofId(b[6] & 0xff)
        .orElseThrow(() -> new CorruptDataException("unknown algorithm id " + (b[6] & 0xff)));
  }

  static Level level(byte[] b) {
    return Level.ofId(b[7] & 0xff).orElseThrow(() -> new CorruptDataException("unknown level id " + (b[7] & 0xff)));
  }

  static void putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }

  static void putLong(byte[] b, int p, long v) {
    putInt(b, p, (int) (v >>> 32));
    putInt(b, p + 4, (int) v);
  }

  static int getInt(byte[] b, int p) {
    return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
  }

  static long getLong(byte[] b, int p) {
    return ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xffffffffL);
  }

  /** Generous upper bound of any codec's payload for {@code originalLength} bytes. */
  static long maxPayload(long originalLength) {
    return originalLength + (originalLength >> 1) + 1024;
  }
}
