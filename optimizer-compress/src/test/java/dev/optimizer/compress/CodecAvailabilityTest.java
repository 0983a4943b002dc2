package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.compress.internal.Codec;
import dev.optimizer.compress.internal.CodecRegistry;
import dev.optimizer.compress.internal.FramedCompressionEngine;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A native library failing to load (simulated by its loader throwing what the JVM throws) is contained. */
class CodecAvailabilityTest {
  @Test
  void compress_nativeLibraryMissing_namesAlgorithmAndPlatformAndOthersWork() {
    Map<Algorithm, Supplier<Codec>> loaders = CodecRegistry.defaultLoaders();
    loaders.put(Algorithm.ZSTD, () -> {
      throw new UnsatisfiedLinkError("no zstd-jni in java.library.path");
    });
    byte[] data = TestData.text(50_000, 1);
    byte[] zstdFrame;
    try (CompressionEngine healthy = CompressionEngine.create()) {
      zstdFrame = healthy.compress(data, Algorithm.ZSTD, Level.FAST);
    }
    try (CompressionEngine engine = new FramedCompressionEngine(CompressionConfig.ofDefaults(),
        new CodecRegistry(loaders))) {
      assertThatThrownBy(() -> engine.compress(data, Algorithm.ZSTD, Level.FAST))
          .isInstanceOf(CodecUnavailableException.class)
          .hasMessageContaining("ZSTD").hasMessageContaining(System.getProperty("os.arch"))
          .hasMessageContaining("no zstd-jni");
      assertThatThrownBy(() -> engine.decompress(zstdFrame)).isInstanceOf(CodecUnavailableException.class)
          .satisfies(e -> assertThat(((CodecUnavailableException) e).algorithm()).isEqualTo(Algorithm.ZSTD));
      assertThat(engine.availableAlgorithms()).doesNotContain(Algorithm.ZSTD).contains(Algorithm.LZ4, Algorithm.GZIP);
      assertThat(engine.decompress(engine.compress(data, Algorithm.LZ4, Level.FAST))).isEqualTo(data);
      Choice choice = engine.choose(data, Goal.BALANCED);
      assertThat(choice.candidates()).noneMatch(c -> c.algorithm() == Algorithm.ZSTD);
      assertThat(engine.decompress(engine.compress(data, "auto"))).isEqualTo(data);
    }
  }
}
