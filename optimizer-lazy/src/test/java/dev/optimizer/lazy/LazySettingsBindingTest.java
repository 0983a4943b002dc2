package dev.optimizer.lazy;

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

/** Issue 12: the lazy module's settings bind from OPTIMIZER_LAZY_* and optimizer.lazy.*. */
class LazySettingsBindingTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static LazyConfig started(Map<String, String> env, Properties sys, LazyConfig config) {
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().environment(env)
            .systemProperties(sys).monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .discoverModules(false).module(new LazyModule(config)).build()) {
      return optimizer.module(LazyModule.class).registry().config();
    }
  }

  @Test
  void start_preloadCountFromEnvironment_limitsPreloading() {
    LazyConfig c = started(Map.of("OPTIMIZER_LAZY_PRELOAD_COUNT", "3", "OPTIMIZER_LAZY_PRELOAD_CONCURRENCY", "4"),
        new Properties(), LazyConfig.ofDefaults());
    assertThat(c.preloadLimit()).isEqualTo(3);
    assertThat(c.preloadConcurrency()).isEqualTo(4);
  }

  @Test
  void start_preloadCountFromSystemProperty_limitsPreloading() {
    assertThat(started(Map.of(), props("optimizer.lazy.preload-count", "0"), LazyConfig.ofDefaults())
        .preloadLimit()).isZero();
  }

  @Test
  void start_builderPropertyEnvironment_builderWinsThenProperty() {
    LazyConfig c = started(Map.of("OPTIMIZER_LAZY_PRELOAD_COUNT", "3", "OPTIMIZER_LAZY_PRELOAD_CONCURRENCY", "4"),
        props("optimizer.lazy.preload-concurrency", "6"), LazyConfig.custom().preloadLimit(9).build());
    assertThat(c.preloadLimit()).as("explicit builder call wins").isEqualTo(9);
    assertThat(c.preloadConcurrency()).as("system property beats environment").isEqualTo(6);
  }

  @Test
  void build_lazyDisabledByEnvironment_featureOff() {
    OptimizerConfig c = OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_LAZY_ENABLED", "false")).build();
    assertThat(c.isEnabled(Feature.LAZY)).isFalse();
  }

  @Test
  void build_negativePreloadCount_failsNamingSetting() {
    assertThatThrownBy(() -> OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_LAZY_PRELOAD_COUNT", "-1")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_LAZY_PRELOAD_COUNT").hasMessageContaining("-1");
  }
}
