package dev.optimizer.compress.internal;

import dev.optimizer.compress.Algorithm;
import dev.optimizer.compress.Level;

/** Builds frames the way an attacker would: any header, any payload, checksums made to match. */
public final class FrameForgery {
  private FrameForgery() {}

  /** A single frame with the given header fields and payload, its frame checksum valid. */
  public static byte[] single(Algorithm algorithm, Level level, long declaredLength, int dataCrc, byte[] payload) {
    byte[] frame = new byte[FrameFormat.HEADER + payload.length];
    FrameFormat.writeHeader(frame, FrameFormat.KIND_SINGLE, algorithm, level, declaredLength, dataCrc);
    System.arraycopy(payload, 0, frame, FrameFormat.HEADER, payload.length);
    FrameFormat.putInt(frame, 20, FrameFormat.frameCrc(frame, FrameFormat.HEADER, frame.length));
    return frame;
  }

  /** A block frame of one block with the given declared lengths, its checksums valid. */
  public static byte[] blocks(Algorithm algorithm, long declaredLength, int blockSize, int count, byte[] payload) {
    int tableEnd = FrameFormat.HEADER + 8 + count * FrameFormat.BLOCK_ENTRY;
    byte[] frame = new byte[tableEnd + payload.length];
    FrameFormat.writeHeader(frame, FrameFormat.KIND_BLOCKS, algorithm, Level.FAST, declaredLength, 0);
    FrameFormat.putInt(frame, FrameFormat.HEADER, blockSize);
    FrameFormat.putInt(frame, FrameFormat.HEADER + 4, count);
    for (int i = 0; i < count; i++) {
      int e = FrameFormat.HEADER + 8 + i * FrameFormat.BLOCK_ENTRY;
      FrameFormat.putInt(frame, e, i == 0 ? payload.length : 0);
      FrameFormat.putInt(frame, e + 8, FrameFormat.crc32c(payload, 0, i == 0 ? payload.length : 0));
    }
    System.arraycopy(payload, 0, frame, tableEnd, payload.length);
    FrameFormat.putInt(frame, 20, FrameFormat.frameCrc(frame, FrameFormat.HEADER, tableEnd));
    return frame;
  }

  /** A stream frame of one chunk declaring {@code declaredLength} bytes, checksums valid. */
  public static byte[] stream(Algorithm algorithm, int chunkSize, int declaredLength, byte[] payload) {
    byte[] frame = new byte[FrameFormat.STREAM_HEADER + FrameFormat.CHUNK_HEADER + payload.length
        + FrameFormat.CHUNK_HEADER];
    FrameFormat.writeStreamHeader(frame, algorithm, Level.FAST, chunkSize);
    int c = FrameFormat.STREAM_HEADER;
    System.arraycopy(payload, 0, frame, c + FrameFormat.CHUNK_HEADER, payload.length);
    FrameFormat.writeChunkHeader(frame, c, declaredLength, payload.length, 0);
    byte[] end = new byte[FrameFormat.CHUNK_HEADER];
    FrameFormat.writeChunkHeader(end, 0, 0, 0, 0);
    System.arraycopy(end, 0, frame, c + FrameFormat.CHUNK_HEADER + payload.length, end.length);
    return frame;
  }

  /**
   * Recomputes the checksums of a single or block frame after its payload was altered, so the altered
   * payload reaches the codec (the data checksum of the original is left as is).
   */
  public static void repairChecksums(byte[] frame) {
    if (frame.length < FrameFormat.HEADER || FrameFormat.getInt(frame, 0) != FrameFormat.MAGIC) {
      return;
    }
    int kind = frame[5];
    if (kind == FrameFormat.KIND_SINGLE) {
      FrameFormat.putInt(frame, 20, FrameFormat.frameCrc(frame, FrameFormat.HEADER, frame.length));
    } else if (kind == FrameFormat.KIND_BLOCKS && frame.length >= FrameFormat.HEADER + 8) {
      int count = FrameFormat.getInt(frame, FrameFormat.HEADER + 4);
      long tableEnd = FrameFormat.HEADER + 8 + (long) count * FrameFormat.BLOCK_ENTRY;
      if (count < 0 || tableEnd > frame.length) {
        return;
      }
      long p = tableEnd;
      for (int i = 0; i < count; i++) {
        int e = FrameFormat.HEADER + 8 + i * FrameFormat.BLOCK_ENTRY;
        int size = FrameFormat.getInt(frame, e);
        if (size < 0 || p + size > frame.length) {
          return;
        }
        FrameFormat.putInt(frame, e + 8, FrameFormat.crc32c(frame, (int) p, size));
        p += size;
      }
      FrameFormat.putInt(frame, 20, FrameFormat.frameCrc(frame, FrameFormat.HEADER, (int) tableEnd));
    }
  }
}
