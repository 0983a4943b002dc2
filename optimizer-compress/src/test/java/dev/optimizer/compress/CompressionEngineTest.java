package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionEngineTest {
  private final CompressionEngine engine = CompressionEngine.create();

  @AfterEach
  void close() {
    engine.close();
  }

  static byte[] text(int size, long seed) {
    return TestData.text(size, seed);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void compress_everyAlgorithmAndLevel_roundTrips(Algorithm algorithm) {
    for (Level level : Level.values()) {
      for (int size : new int[] {0, 1, 100, 70_000}) {
        byte[] data = text(size, size);
        byte[] frame = engine.compress(data, algorithm, level);
        assertThat(engine.decompress(frame)).isEqualTo(data);
        FrameInfo info = engine.inspect(frame);
        assertThat(info.algorithm()).isEqualTo(algorithm);
        assertThat(info.level()).isEqualTo(level);
        assertThat(info.originalLength()).isEqualTo(size);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Algorithm.class, names = {"LZ4", "ZSTD", "GZIP", "SNAPPY", "NONE"})
  void compress_inputAboveParallelThreshold_usesBlocksAndRoundTrips(Algorithm algorithm) {
    byte[] data = text(3 * 1024 * 1024 + 17, 3);
    byte[] frame = engine.compress(data, algorithm, Level.FAST);
    if (algorithm != Algorithm.NONE) {
      assertThat(engine.inspect(frame).blocks()).isEqualTo(4);
    }
    assertThat(engine.decompress(frame)).isEqualTo(data);
  }

  @Test
  void compress_randomBytesUnderAutomaticSelection_storedWithNone() {
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);
    byte[] frame = engine.compress(data);
    assertThat(engine.inspect(frame).algorithm()).isEqualTo(Algorithm.NONE);
    assertThat(engine.decompress(frame)).isEqualTo(data);
    assertThat(engine.stats().storedUncompressed()).isEqualTo(1);
  }

  @Test
  void compress_textUnderAutomaticSelection_compresses() {
    byte[] data = text(200_000, 9);
    byte[] frame = engine.compress(data, "text");
    assertThat(engine.inspect(frame).algorithm()).isNotEqualTo(Algorithm.NONE);
    assertThat(frame.length).isLessThan(data.length / 2);
    assertThat(engine.decompress(frame)).isEqualTo(data);
  }

  @Test
  void compress_dataAboveDecompressionLimit_rejectedUpFront() {
    try (CompressionEngine small = CompressionEngine.create(CompressionConfig.custom().maxDecompressedSize(8192)
        .blockSize(4096).parallelThreshold(4096).build())) {
      assertThatThrownBy(() -> small.compress(new byte[8193], Algorithm.LZ4, Level.FAST))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDecompressedSize");
      assertThat(small.decompress(small.compress(new byte[8192], Algorithm.LZ4, Level.FAST))).hasSize(8192);
    }
  }

  @Test
  void close_thenCompressLargeInput_stillWorksOnCallingThread() {
    byte[] data = text(3 << 20, 11);
    engine.close();
    assertThat(engine.decompress(engine.compress(data, Algorithm.ZSTD, Level.FAST))).isEqualTo(data);
  }

  @Test
  void decompress_foreignBytes_throwsCorruptData() {
    assertThatThrownBy(() -> engine.decompress("hello world, not a frame".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptDataException.class).hasMessageContaining("magic");
  }
}
