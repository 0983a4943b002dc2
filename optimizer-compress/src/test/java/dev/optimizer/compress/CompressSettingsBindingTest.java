package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.Feature;
import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Issue 12: the compression module's settings bind from OPTIMIZER_COMPRESS_* and optimizer.compress.*. */
class CompressSettingsBindingTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static CompressionConfig started(Map<String, String> env, Properties sys, CompressionModule module) {
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().environment(env)
            .systemProperties(sys).monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .discoverModules(false).module(module).build()) {
      return optimizer.module(CompressionModule.class).engine().config();
    }
  }

  @Test
  void start_levelAndAlgorithmFromEnvironment_engineUsesThem() {
    CompressionConfig c = started(Map.of("OPTIMIZER_COMPRESS_LEVEL", "fast",
        "OPTIMIZER_COMPRESS_ALGORITHM", "gzip"), new Properties(), new CompressionModule());
    assertThat(c.level()).isEqualTo(Level.FAST);
    assertThat(c.algorithm()).contains(Algorithm.GZIP);
  }

  @Test
  void start_levelFromSystemProperty_engineUsesIt() {
    assertThat(started(Map.of(), props("optimizer.compress.level", "MAXIMUM"), new CompressionModule()).level())
        .isEqualTo(Level.MAXIMUM);
  }

  @Test
  void start_builderPropertyEnvironment_builderWinsThenProperty() {
    CompressionConfig c = started(Map.of("OPTIMIZER_COMPRESS_LEVEL", "FAST", "OPTIMIZER_COMPRESS_ALGORITHM", "LZ4"),
        props("optimizer.compress.algorithm", "ZSTD"),
        new CompressionModule(CompressionConfig.custom().level(Level.MAXIMUM).build()));
    assertThat(c.level()).as("explicit builder call wins").isEqualTo(Level.MAXIMUM);
    assertThat(c.algorithm()).as("system property beats environment").contains(Algorithm.ZSTD);
  }

  @Test
  void build_compressionDisabledByEnvironment_featureOff() {
    OptimizerConfig c = OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_COMPRESSION_ENABLED", "false")).build();
    assertThat(c.isEnabled(Feature.COMPRESSION)).isFalse();
  }

  @Test
  void build_malformedLevel_failsNamingSettingAndAccepted() {
    assertThatThrownBy(() -> OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.compress.level", "turbo")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.compress.level").hasMessageContaining("turbo")
        .hasMessageContaining("BALANCED");
  }

  @Test
  void build_compressEnabledProperty_failsNamingTheFeatureSwitch() {
    assertThatThrownBy(() -> OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.compress.enabled", "false")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.compression.enabled");
  }
}
