package dev.optimizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.spi.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {
  @Test
  void defaults_areSafe() {
    DashboardConfig c = DashboardConfig.custom().build();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8081);
    assertThat(c.token()).isEmpty();
    assertThat(c.readsRequireToken()).isFalse();
    assertThat(c.maxStreamClients()).isEqualTo(8);
    assertThat(c.maxBodyBytes()).isEqualTo(16 * 1024);
    assertThat(c.streamInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void settings_bindWhereTheBuilderDidNot_propertyOverEnvironment() {
    Properties props = new Properties();
    props.setProperty("optimizer.dashboard.port", "9090");
    props.setProperty("optimizer.dashboard.token", "from-property-0123456789");
    Settings settings = Settings.bind(Map.of("OPTIMIZER_DASHBOARD_PORT", "7070", "OPTIMIZER_DASHBOARD_HOST", "0.0.0.0",
        "OPTIMIZER_DASHBOARD_READS_REQUIRE_TOKEN", "true", "OPTIMIZER_DASHBOARD_STREAM_INTERVAL", "250ms",
        "OPTIMIZER_DASHBOARD_MAX_STREAM_CLIENTS", "3"), props);

    DashboardConfig c = DashboardConfig.custom().maxStreamClients(5).settings(settings).build();

    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.token()).hasValue("from-property-0123456789");
    assertThat(c.readsRequireToken()).isTrue();
    assertThat(c.streamInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.maxStreamClients()).as("the builder call wins").isEqualTo(5);
    assertThat(c.toString()).doesNotContain("from-property");
  }

  @Test
  void badValues_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> DashboardConfig.custom().token("short")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16");
    assertThatThrownBy(() -> DashboardConfig.custom().token("has a space in it 0123")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> DashboardConfig.custom().port(70_000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
    assertThatThrownBy(() -> DashboardConfig.custom().maxStreamClients(0)).isInstanceOf(
        IllegalArgumentException.class).hasMessageContaining("maxStreamClients");
    assertThatThrownBy(() -> DashboardConfig.custom().readsRequireToken(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("token");
    Properties props = new Properties();
    props.setProperty("optimizer.dashboard.port", "eighty");
    assertThatThrownBy(() -> Settings.bind(Map.of(), props)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.dashboard.port");
    Properties unknown = new Properties();
    unknown.setProperty("optimizer.dashboard.prot", "80");
    assertThatThrownBy(() -> Settings.bind(Map.of(), unknown)).isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.dashboard.port");
  }
}
