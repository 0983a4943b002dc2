package dev.optimizer.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Runs one heap scenario of {@link StreamFrameTest} in a child JVM started with a small {@code -Xmx}, so
 * an over-allocating decompression shows up as an {@link OutOfMemoryError} instead of passing on the
 * build's large heap. Prints one {@code OUTCOME} line: the exception's simple name, or {@code ok} with the
 * length and CRC32C of what was decompressed.
 */
public final class StreamFrameHeapProbe {
  static final int MIB = 1 << 20;

  private StreamFrameHeapProbe() {}

  /** {@code bomb}: 1 GiB of zeros at the default limit; {@code large MiB}: that many MiB under a raised limit. */
  public static void main(String[] args) {
    try {
      String outcome = switch (args[0]) {
        case "bomb" -> bomb();
        case "large" -> large(Integer.parseInt(args[1]));
        default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
      };
      System.out.println("OUTCOME " + outcome);
    } catch (Throwable t) {
      // The parent asserts on this line; the trace is for whoever reads a failing build.
      System.out.println("OUTCOME " + t.getClass().getSimpleName() + ": " + t.getMessage());
      t.printStackTrace(System.out);
      System.exit(2);
    }
  }

  private static String bomb() throws IOException {
    try (CompressionEngine engine = CompressionEngine.create()) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      byte[] zeros = new byte[MIB];
      try (OutputStream out = engine.newOutputStream(bos, Algorithm.ZSTD, Level.FAST)) {
        for (int i = 0; i < 1024; i++) {
          out.write(zeros);
        }
      }
      byte[] frame = bos.toByteArray();
      System.out.println("frame " + frame.length + " bytes");
      try {
        byte[] out = engine.decompress(frame);
        return "decoded " + out.length + " bytes";
      } catch (SizeLimitExceededException e) {
        return "SizeLimitExceededException size=" + e.size() + " limit=" + e.limit();
      }
    }
  }

  /**
   * A text-like MiB repeated inside each chunk keeps the frame a few MB while the output is real,
   * varied data: each MiB carries its index, so a lost, repeated or reordered chunk changes the checksum.
   */
  private static String large(int mib) throws IOException {
    CompressionConfig config = CompressionConfig.custom().maxDecompressedSize((long) (mib + 16) * MIB).build();
    try (CompressionEngine engine = CompressionEngine.create(config)) {
      byte[] base = TestData.text(64 << 10, 11);
      byte[] chunk = new byte[MIB];
      for (int p = 0; p < MIB; p += base.length) {
        System.arraycopy(base, 0, chunk, p, base.length);
      }
      CRC32C expected = new CRC32C();
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (OutputStream out = engine.newOutputStream(bos, Algorithm.ZSTD, Level.FAST)) {
        for (int i = 0; i < mib; i++) {
          for (int p = 0; p < MIB; p += 4096) {
            chunk[p] = (byte) i;
            chunk[p + 1] = (byte) (i >>> 8);
          }
          expected.update(chunk);
          out.write(chunk);
        }
        // An odd tail: the last chunk is short, so sizing cannot assume whole chunks.
        out.write(base, 0, 12345);
        expected.update(base, 0, 12345);
      }
      byte[] frame = bos.toByteArray();
      System.out.println("frame " + frame.length + " bytes");
      byte[] out = engine.decompress(frame);
      CRC32C actual = new CRC32C();
      actual.update(out);
      long expectedLength = (long) mib * MIB + 12345;
      if (out.length != expectedLength || actual.getValue() != expected.getValue()) {
        return "mismatch length=" + out.length + " expected " + expectedLength + " crc=" + actual.getValue()
            + " expected " + expected.getValue();
      }
      return "ok length=" + out.length;
    }
  }
}
