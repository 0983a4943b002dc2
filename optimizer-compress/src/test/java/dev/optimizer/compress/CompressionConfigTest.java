package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompressionConfigTest {
  @Test
  void ofDefaults_documentedValues() {
    CompressionConfig c = CompressionConfig.ofDefaults();
    assertThat(c.algorithm()).isEmpty();
    assertThat(c.level()).isEqualTo(Level.BALANCED);
    assertThat(c.goal()).isEqualTo(Goal.BALANCED);
    assertThat(c.maxDecompressedSize()).isEqualTo(256L << 20);
    assertThat(c.parallelThreshold()).isEqualTo(1 << 20);
    assertThat(c.blockSize()).isEqualTo(1 << 20);
    assertThat(c.minCompressRatio()).isEqualTo(1.1);
    assertThat(c.candidates()).doesNotContain(Algorithm.NONE).hasSize(8);
  }

  @Test
  void setters_invalidArguments_throwIllegalArgumentNamingSetting() {
    CompressionConfig.Builder b = CompressionConfig.custom();
    assertThatThrownBy(() -> b.maxDecompressedSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDecompressedSize");
    assertThatThrownBy(() -> b.blockSize(100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blockSize");
    assertThatThrownBy(() -> b.workers(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> b.minCompressRatio(0.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minCompressRatio");
    assertThatThrownBy(() -> b.candidates(Set.of(Algorithm.NONE))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidates");
    assertThatThrownBy(() -> b.recheckInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recheckInterval");
    assertThatThrownBy(() -> b.parallelThreshold(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.sampleSize(10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_blockSizeAboveParallelThreshold_throwsIllegalState() {
    assertThatThrownBy(() -> CompressionConfig.custom().blockSize(1 << 20).parallelThreshold(4096).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("parallelThreshold");
    assertThatThrownBy(() -> CompressionConfig.custom().maxDecompressedSize(8192).blockSize(16384)
        .parallelThreshold(16384).build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toBuilder_roundTripsSettings() {
    CompressionConfig c = CompressionConfig.custom().algorithm(Algorithm.LZ4).level(Level.FAST).goal(Goal.SPEED)
        .workers(3).build();
    CompressionConfig copy = c.toBuilder().build();
    assertThat(copy.toString()).isEqualTo(c.toString());
  }
}
