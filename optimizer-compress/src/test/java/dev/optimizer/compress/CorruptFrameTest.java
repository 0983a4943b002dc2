package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every single-bit flip and every truncation of a valid frame is rejected, never decoded to garbage. */
class CorruptFrameTest {
  /** Small blocks so block frames stay small enough to flip thousands of times. */
  private static final CompressionEngine ENGINE = CompressionEngine.create(CompressionConfig.custom()
      .blockSize(4096).parallelThreshold(4096).workers(2).build());

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  private static List<byte[]> validFrames() throws IOException {
    List<byte[]> frames = new ArrayList<>();
    byte[] small = TestData.text(1500, 1);
    byte[] blocks = TestData.text(9000, 2);
    for (Algorithm a : Algorithm.values()) {
      frames.add(ENGINE.compress(small, a, Level.BALANCED));
      frames.add(ENGINE.compress(blocks, a, Level.FAST));
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (OutputStream out = ENGINE.newOutputStream(bos, a, Level.FAST)) {
        out.write(blocks);
      }
      frames.add(bos.toByteArray());
    }
    frames.add(ENGINE.compress(new byte[0], Algorithm.ZSTD, Level.FAST));
    return frames;
  }

  @Test
  void decompress_tenThousandSingleBitFlips_allRejectedAsCorrupt() throws IOException {
    List<byte[]> frames = validFrames();
    for (byte[] f : frames) {
      assertThat(ENGINE.decompress(f)).isNotNull();
    }
    Random random = new Random(20261122);
    int flips = 0;
    while (flips < 10_000) {
      byte[] frame = frames.get(flips % frames.size());
      byte[] bad = frame.clone();
      int bit = random.nextInt(bad.length * 8);
      bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
      Throwable thrown = catchThrowable(() -> ENGINE.decompress(bad));
      assertThat(thrown).as("flip of bit %d in frame %s", bit, ENGINE.inspect(frame))
          .isInstanceOf(CorruptDataException.class);
      flips++;
    }
    assertThat(ENGINE.stats().corruptFrames()).isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void decompress_bitFlipsWithOriginalChecksumOff_stillAllRejected() throws IOException {
    try (CompressionEngine lenient = CompressionEngine.create(CompressionConfig.custom().blockSize(4096)
        .parallelThreshold(4096).verifyOriginalChecksum(false).build())) {
      List<byte[]> frames = validFrames();
      Random random = new Random(7);
      for (int flips = 0; flips < 3000; flips++) {
        byte[] bad = frames.get(flips % frames.size()).clone();
        int bit = random.nextInt(bad.length * 8);
        bad[bit >>> 3] ^= (byte) (1 << (bit & 7));
        assertThat(catchThrowable(() -> lenient.decompress(bad))).as("flip of bit %d", bit)
            .isInstanceOf(CorruptDataException.class);
      }
    }
  }

  @Test
  void decompress_forgedFrameWithWrongOriginalChecksum_rejectedUnlessVerificationOff() {
    byte[] data = TestData.text(2000, 4);
    byte[] payload = java.util.Arrays.copyOfRange(ENGINE.compress(data, Algorithm.LZ4, Level.FAST), 24,
        ENGINE.compress(data, Algorithm.LZ4, Level.FAST).length);
    byte[] forged = dev.optimizer.compress.internal.FrameForgery.single(Algorithm.LZ4, Level.FAST, data.length,
        12345, payload);
    assertThat(catchThrowable(() -> ENGINE.decompress(forged))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("checksum of the decompressed data");
    try (CompressionEngine lenient = CompressionEngine.create(CompressionConfig.custom()
        .verifyOriginalChecksum(false).build())) {
      assertThat(lenient.decompress(forged)).isEqualTo(data);
    }
  }

  @Test
  void decompress_everyTruncation_rejectedAsCorrupt() throws IOException {
    for (byte[] frame : validFrames()) {
      // Every cut of short frames; an even spread of cuts through long ones.
      int step = Math.max(1, frame.length / 400);
      for (int len = 0; len < frame.length; len += step) {
        byte[] cut = Arrays.copyOf(frame, len);
        int at = len;
        assertThat(catchThrowable(() -> ENGINE.decompress(cut)))
            .as("cut at %d of %d in %s", at, frame.length, ENGINE.inspect(frame))
            .isInstanceOf(CorruptDataException.class);
      }
      byte[] lastByteMissing = Arrays.copyOf(frame, frame.length - 1);
      assertThat(catchThrowable(() -> ENGINE.decompress(lastByteMissing))).isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void decompress_foreignFormats_rejectedWithReason() {
    byte[] gzipMagic = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255, 1, 2, 3};
    assertThat(catchThrowable(() -> ENGINE.decompress(gzipMagic))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("not a frame");
    assertThat(catchThrowable(() -> ENGINE.decompress(new byte[0]))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("too short");
    byte[] frame = ENGINE.compress(TestData.text(100, 3), Algorithm.LZ4, Level.FAST);
    frame[4] = 9;
    assertThat(catchThrowable(() -> ENGINE.decompress(frame))).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
  }
}
