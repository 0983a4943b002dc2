package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamAndFileTest {
  /** A 1 MiB size limit and 64 KiB chunks: files far above the limit must still stream through. */
  private final CompressionEngine engine = CompressionEngine.create(CompressionConfig.custom()
      .maxDecompressedSize(1 << 20).blockSize(64 << 10).parallelThreshold(64 << 10).build());

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    engine.close();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void newOutputStream_manyChunksInOddWrites_readBackByNewInputStream(Algorithm algorithm) throws IOException {
    byte[] data = TestData.text(300_000, 4);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    Random r = new Random(1);
    try (OutputStream out = engine.newOutputStream(bos, algorithm, Level.FAST)) {
      int p = 0;
      while (p < data.length) {
        int n = Math.min(data.length - p, r.nextInt(100_000));
        if (n == 1) {
          out.write(data[p]);
        } else {
          out.write(data, p, n);
        }
        p += n;
      }
    }
    assertThat(engine.inspect(bos.toByteArray()).algorithm()).isEqualTo(algorithm);
    try (InputStream in = engine.newInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(engine.decompress(bos.toByteArray())).isEqualTo(data);
  }

  @Test
  void newOutputStream_nothingWritten_readsBackEmpty() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    engine.newOutputStream(bos, Algorithm.ZSTD, Level.FAST).close();
    try (InputStream in = engine.newInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void newInputStream_singleFrame_readsOriginal() throws IOException {
    byte[] data = TestData.text(5000, 5);
    byte[] frame = engine.compress(data, Algorithm.LZ4, Level.FAST);
    try (InputStream in = engine.newInputStream(new ByteArrayInputStream(frame))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void compressFile_fileFiveTimesTheSizeLimit_roundTripsInBoundedMemory() throws IOException {
    Path source = dir.resolve("big.log");
    try (OutputStream out = Files.newOutputStream(source)) {
      for (int i = 0; i < 80; i++) {
        out.write(TestData.text(64 << 10, i));
      }
    }
    Path compressed = dir.resolve("big.log.opz");
    Path restored = dir.resolve("big.log.restored");
    engine.compressFile(source, compressed, Algorithm.ZSTD, Level.BALANCED);
    engine.decompressFile(compressed, restored);
    assertThat(Files.size(compressed)).isLessThan(Files.size(source) / 2);
    assertThat(Files.mismatch(source, restored)).isEqualTo(-1L);
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("big.log", "big.log.opz", "big.log.restored");
  }

  @Test
  void decompressFile_corruptSource_throwsAndLeavesNoTarget() throws IOException {
    Path source = dir.resolve("data");
    Files.write(source, TestData.text(200_000, 6));
    Path compressed = dir.resolve("data.opz");
    engine.compressFile(source, compressed, Algorithm.GZIP, Level.FAST);
    byte[] bytes = Files.readAllBytes(compressed);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(compressed, bytes);
    Path target = dir.resolve("data.out");
    assertThatThrownBy(() -> engine.decompressFile(compressed, target)).isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("GZIP");
    assertThat(target).doesNotExist();
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("data", "data.opz");
  }

  @Test
  void newInputStream_truncatedStream_failsWithCorruptCause() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream out = engine.newOutputStream(bos, Algorithm.SNAPPY, Level.FAST)) {
      out.write(TestData.text(200_000, 7));
    }
    byte[] cut = java.util.Arrays.copyOf(bos.toByteArray(), bos.size() - 5);
    try (InputStream in = engine.newInputStream(new ByteArrayInputStream(cut))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
          .hasCauseInstanceOf(CorruptDataException.class).hasMessageContaining("truncated");
    }
  }
}
