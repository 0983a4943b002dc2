package dev.optimizer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.spi.Setting;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Setting<Integer> SIZE = Setting.integer("demo.size", 1, 100, "10", "a size");
  private static final Setting<Duration> TTL = Setting.duration("demo.*.ttl", true, "none", "ttl");
  private static final List<Setting<?>> KNOWN = List.of(SIZE, TTL);

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void get_propertyAndEnvironment_propertyWins() {
    Settings s = Settings.bind(Map.of("OPTIMIZER_DEMO_SIZE", "3"), props("optimizer.demo.size", "4"), KNOWN);
    assertThat(s.get(SIZE)).contains(4);
    assertThat(s.sourceOf(SIZE)).contains("optimizer.demo.size");
    assertThat(Settings.bind(Map.of("OPTIMIZER_DEMO_SIZE", "3"), props(), KNOWN).get(SIZE)).contains(3);
    assertThat(Settings.empty().get(SIZE)).isEmpty();
  }

  @Test
  void get_perInstance_readsInstanceFormOfBothSources() {
    Settings s = Settings.bind(Map.of("OPTIMIZER_DEMO_USER_CACHE_TTL", "10s"),
        props("optimizer.demo.orders.ttl", "PT1M"), KNOWN);
    assertThat(s.get(TTL, "orders")).contains(Duration.ofMinutes(1));
    assertThat(s.get(TTL, "user-cache")).as("'-' becomes '_' in the variable").contains(Duration.ofSeconds(10));
    assertThat(s.get(TTL, "other")).isEmpty();
  }

  @Test
  void bind_unknownVariable_warnsNamingNearestAndKeepsBinding() {
    Settings s = Settings.bind(Map.of("OPTIMIZER_DEMO_SIZ", "3", "HOME", "/root"), props(), KNOWN);
    assertThat(s.warnings()).containsExactly(
        "OPTIMIZER_DEMO_SIZ is not a known setting and is ignored; the nearest known one is OPTIMIZER_DEMO_SIZE");
    assertThat(s.get(SIZE)).isEmpty();
  }

  @Test
  void bind_unknownProperty_failsNamingNearest() {
    assertThatThrownBy(() -> Settings.bind(Map.of(), props("optimizer.demo.sizes", "3"), KNOWN))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.demo.sizes")
        .hasMessageContaining("nearest known one is optimizer.demo.size")
        .extracting(e -> ((InvalidSettingException) e).setting()).isEqualTo("optimizer.demo.sizes");
  }

  @Test
  void bind_malformedValue_failsNamingSettingValueAndAccepted() {
    assertThatThrownBy(() -> Settings.bind(Map.of("OPTIMIZER_DEMO_X_TTL", "-5s"), props(), KNOWN))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_DEMO_X_TTL")
        .hasMessageContaining("-5s")
        .hasMessageContaining("non-negative duration");
  }

  @Test
  void get_perInstanceSettingWithoutInstance_throws() {
    assertThatThrownBy(() -> Settings.empty().get(TTL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Settings.empty().get(SIZE, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_malformedName_throws() {
    assertThatThrownBy(() -> Setting.integer("Demo.Size", 1, 2, "1", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Demo.Size");
  }

  @Test
  void names_propertyAndEnvironmentForms() {
    assertThat(TTL.propertyName()).isEqualTo("optimizer.demo.<name>.ttl");
    assertThat(TTL.environmentName()).isEqualTo("OPTIMIZER_DEMO_<NAME>_TTL");
    assertThat(SIZE.environmentName()).isEqualTo("OPTIMIZER_DEMO_SIZE");
  }
}
