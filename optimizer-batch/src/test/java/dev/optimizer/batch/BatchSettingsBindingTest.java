package dev.optimizer.batch;

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

/** Issue 12: the batch module's settings bind from OPTIMIZER_BATCH_* and optimizer.batch.*. */
class BatchSettingsBindingTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static BatchConfig started(Map<String, String> env, Properties sys, BatchConfig config) {
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().environment(env)
            .systemProperties(sys).monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .discoverModules(false).module(new BatchModule(config)).build()) {
      return optimizer.module(BatchModule.class).processor().config();
    }
  }

  @Test
  void start_seedSettingsFromEnvironment_shapeProcessor() {
    BatchConfig c = started(Map.of("OPTIMIZER_BATCH_MAX_BATCH_SIZE", "64", "OPTIMIZER_BATCH_MAX_WORKERS", "3",
        "OPTIMIZER_BATCH_BATCH_SIZE", "16"), new Properties(), BatchConfig.ofDefaults());
    assertThat(c.maxBatchSize()).isEqualTo(64);
    assertThat(c.maxWorkers()).isEqualTo(3);
    assertThat(c.maxConcurrency()).as("follows maxWorkers when unset").isEqualTo(3);
    assertThat(c.batchSize()).isEqualTo(16);
  }

  @Test
  void start_seedSettingsFromSystemProperties_shapeProcessor() {
    BatchConfig c = started(Map.of(), props("optimizer.batch.max-batch-size", "128",
        "optimizer.batch.max-workers", "5"), BatchConfig.ofDefaults());
    assertThat(c.maxBatchSize()).isEqualTo(128);
    assertThat(c.maxWorkers()).isEqualTo(5);
  }

  @Test
  void start_builderPropertyEnvironment_builderWinsThenProperty() {
    BatchConfig c = started(Map.of("OPTIMIZER_BATCH_MAX_WORKERS", "3", "OPTIMIZER_BATCH_MAX_BATCH_SIZE", "10"),
        props("optimizer.batch.max-workers", "4", "optimizer.batch.max-batch-size", "20"),
        BatchConfig.custom().maxWorkers(7).build());
    assertThat(c.maxWorkers()).as("explicit builder call wins").isEqualTo(7);
    assertThat(c.maxBatchSize()).as("system property beats environment").isEqualTo(20);
  }

  @Test
  void build_batchDisabledByEnvironment_featureOff() {
    OptimizerConfig c = OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_BATCH_ENABLED", "false")).build();
    assertThat(c.isEnabled(Feature.BATCH)).isFalse();
  }

  @Test
  void build_malformedMaxWorkers_failsNamingSetting() {
    assertThatThrownBy(() -> OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_BATCH_MAX_WORKERS", "many")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_BATCH_MAX_WORKERS").hasMessageContaining("many");
  }

  @Test
  void build_unknownBatchProperty_failsNamingNearest() {
    assertThatThrownBy(() -> OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.batch.max-worker", "2")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.batch.max-workers");
  }
}
