package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptimizerConfigTest {

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static OptimizerConfig.Builder isolated() {
    return OptimizerConfig.custom().environment(Map.of()).systemProperties(new Properties());
  }

  @Test
  void ofDefaults_noSettings_productionPreset() {
    OptimizerConfig c = isolated().build();
    assertThat(c.profile()).isEqualTo(Profile.PRODUCTION);
    assertThat(c.level()).isEqualTo(OptimizationLevel.ADVANCED);
    assertThat(c.cpuThreshold()).isEqualTo(0.80);
    assertThat(c.memoryThreshold()).isEqualTo(0.85);
    assertThat(c.monitorInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.monitoringEnabled()).isTrue();
    for (Feature f : Feature.values()) {
      assertThat(c.isEnabled(f)).as(f.name()).isTrue();
    }
  }

  @Test
  void build_testProfile_turnsFeaturesTuningAndMonitoringOff() {
    OptimizerConfig c = isolated().profile(Profile.TEST).build();
    assertThat(c.level()).isEqualTo(OptimizationLevel.NONE);
    assertThat(c.monitoringEnabled()).isFalse();
    for (Feature f : Feature.values()) {
      assertThat(c.isEnabled(f)).as(f.name()).isFalse();
    }
  }

  @Test
  void build_explicitBeatsSystemPropertyBeatsEnvironmentBeatsProfile() {
    Map<String, String> env = Map.of("OPTIMIZER_CPU_THRESHOLD", "0.5", "OPTIMIZER_MEMORY_THRESHOLD", "0.6",
        "OPTIMIZER_LEVEL", "BASIC", "OPTIMIZER_PROFILE", "DEVELOPMENT");
    Properties sys = props("optimizer.cpu-threshold", "0.7", "optimizer.level", "aggressive");

    OptimizerConfig c = OptimizerConfig.custom().environment(env).systemProperties(sys)
        .cpuThreshold(0.9).build();

    assertThat(c.cpuThreshold()).as("explicit wins").isEqualTo(0.9);
    assertThat(c.level()).as("system property beats env").isEqualTo(OptimizationLevel.AGGRESSIVE);
    assertThat(c.memoryThreshold()).as("env beats default").isEqualTo(0.6);
    assertThat(c.profile()).isEqualTo(Profile.DEVELOPMENT);
    assertThat(c.monitorInterval()).as("profile preset").isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void build_profileFromEnvironment_presetAppliesToUnsetValues() {
    OptimizerConfig c = OptimizerConfig.custom().environment(Map.of("OPTIMIZER_PROFILE", "test"))
        .systemProperties(props("optimizer.cache.enabled", "true")).build();
    assertThat(c.profile()).isEqualTo(Profile.TEST);
    assertThat(c.isEnabled(Feature.CACHE)).isTrue();
    assertThat(c.isEnabled(Feature.BATCH)).isFalse();
  }

  @Test
  void build_durationForms_allAccepted() {
    assertThat(isolated().systemProperties(props("optimizer.monitor-interval", "500ms")).build()
        .monitorInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(isolated().systemProperties(props("optimizer.monitor-interval", "PT3S")).build()
        .monitorInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(isolated().environment(Map.of("OPTIMIZER_MONITOR_INTERVAL", "1m")).build()
        .monitorInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void build_unknownSystemProperty_failsNamingSettingAndKnownOnes() {
    assertThatThrownBy(() -> isolated().systemProperties(props("optimizer.cpu-treshold", "0.5")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.cpu-treshold")
        .hasMessageContaining("optimizer.cpu-threshold")
        .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("optimizer.cpu-treshold");
  }

  // Issue 12 turned an unknown OPTIMIZER_* variable from a failure into a WARN (containers carry unrelated
  // variables); this test used to assert an InvalidSettingException naming OPTIMIZER_TURBO and
  // OPTIMIZER_LEVEL. The warning still names both.
  @Test
  void build_unknownEnvironmentVariable_warnsNamingItAndNearest() {
    OptimizerConfig c = isolated().environment(Map.of("OPTIMIZER_TURBO", "1", "OPTIMIZER_LEVL", "BASIC")).build();
    assertThat(c.settingWarnings()).hasSize(2);
    assertThat(c.settingWarnings().get(0)).contains("OPTIMIZER_LEVL").contains("OPTIMIZER_LEVEL");
    assertThat(c.settingWarnings().get(1)).contains("OPTIMIZER_TURBO");
    assertThat(c.level()).as("the misspelt variable has no effect").isEqualTo(OptimizationLevel.ADVANCED);
  }

  @Test
  void build_malformedKnownEnvironmentVariable_failsNamingIt() {
    assertThatThrownBy(() -> isolated().environment(Map.of("OPTIMIZER_MEMORY_THRESHOLD", "lots")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_MEMORY_THRESHOLD")
        .hasMessageContaining("lots");
  }

  @Test
  void build_seedCoreSettingsFromEnvironment_applied() {
    OptimizerConfig c = isolated().environment(Map.of("OPTIMIZER_LEVEL", "aggressive",
        "OPTIMIZER_MEMORY_THRESHOLD", "0.7", "OPTIMIZER_CPU_THRESHOLD", "0.6")).build();
    assertThat(c.level()).isEqualTo(OptimizationLevel.AGGRESSIVE);
    assertThat(c.memoryThreshold()).isEqualTo(0.7);
    assertThat(c.cpuThreshold()).isEqualTo(0.6);
    assertThat(c.settingWarnings()).isEmpty();
  }

  @Test
  void build_moduleSettingsOnClasspath_knownToCoreAndChecked() {
    OptimizerConfig c = isolated().systemProperties(props("optimizer.demo.size", "5",
        "optimizer.demo.users.ttl", "1d")).environment(Map.of("OPTIMIZER_DEMO_ORDERS_TTL", "0")).build();
    assertThat(c.settingWarnings()).isEmpty();

    assertThatThrownBy(() -> isolated().systemProperties(props("optimizer.demo.sise", "5")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.demo.sise")
        .hasMessageContaining("optimizer.demo.size");
    assertThatThrownBy(() -> isolated().environment(Map.of("OPTIMIZER_DEMO_SIZE", "500")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_DEMO_SIZE")
        .hasMessageContaining("[1, 100]");
  }

  @Test
  void build_malformedValues_eachFailsNamingSettingValueAndAcceptedValues() {
    assertInvalid("optimizer.profile", "STAGING", "DEVELOPMENT");
    assertInvalid("optimizer.level", "MAX", "AGGRESSIVE");
    assertInvalid("optimizer.cpu-threshold", "80%", "(0, 1]");
    assertInvalid("optimizer.cpu-threshold", "1.5", "(0, 1]");
    assertInvalid("optimizer.memory-threshold", "0", "(0, 1]");
    assertInvalid("optimizer.monitor-interval", "5 parsecs", "500ms");
    assertInvalid("optimizer.monitor-interval", "1ms", "10ms");
    assertInvalid("optimizer.monitor-window", "1", "[2, 10000]");
    assertInvalid("optimizer.leak-detection-collections", "many", "[2, 1000]");
    assertInvalid("optimizer.monitoring.enabled", "yes", "[true, false]");
    assertInvalid("optimizer.lazy.enabled", "on", "[true, false]");
  }

  private static void assertInvalid(String setting, String value, String accepted) {
    assertThatThrownBy(() -> isolated().systemProperties(props(setting, value)).build())
        .as(setting + "=" + value)
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining(setting)
        .hasMessageContaining(value)
        .hasMessageContaining(accepted);
  }

  @Test
  void setters_outOfRange_throwIllegalArgumentAtOnce() {
    assertThatThrownBy(() -> OptimizerConfig.custom().cpuThreshold(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpuThreshold");
    assertThatThrownBy(() -> OptimizerConfig.custom().memoryThreshold(1.01))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memoryThreshold");
    assertThatThrownBy(() -> OptimizerConfig.custom().monitorInterval(Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitorInterval");
    assertThatThrownBy(() -> OptimizerConfig.custom().monitorWindow(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitorWindow");
    assertThatThrownBy(() -> OptimizerConfig.custom().leakDetectionCollections(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leakDetectionCollections");
  }

  @Test
  void build_unrelatedEnvironmentAndProperties_ignored() {
    OptimizerConfig c = OptimizerConfig.custom()
        .environment(Map.of("PATH", "/bin", "OPTIMIZERX", "1"))
        .systemProperties(props("java.version", "17", "optimizerx.level", "x")).build();
    assertThat(c.profile()).isEqualTo(Profile.PRODUCTION);
  }
}
