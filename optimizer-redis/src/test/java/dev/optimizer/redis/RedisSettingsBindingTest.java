package dev.optimizer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.spi.Settings;
import dev.optimizer.redis.internal.RedisSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Issue 12: the Redis URL binds from optimizer.redis.url / OPTIMIZER_REDIS_URL, REDIS_URL a fallback. */
class RedisSettingsBindingTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void ofDefaults_urlPropertyEnvironmentAndRedisUrl_propertyThenOursThenRedisUrl() {
    Map<String, String> env = Map.of("OPTIMIZER_REDIS_URL", "redis://env-host:6380", "REDIS_URL",
        "redis://fallback:6381");
    assertThat(RedisConfig.ofDefaults(env, props("optimizer.redis.url", "redis://prop-host:6379/2")).endpoints())
        .containsExactly("prop-host:6379");
    assertThat(RedisConfig.ofDefaults(env, props()).endpoints()).containsExactly("env-host:6380");
    assertThat(RedisConfig.ofDefaults(Map.of("REDIS_URL", "redis://fallback:6381"), props()).endpoints())
        .containsExactly("fallback:6381");
    assertThat(RedisConfig.ofDefaults(Map.of(), props()).endpoints()).containsExactly("127.0.0.1:6379");
  }

  @Test
  void build_settingsWithExplicitUri_builderWins() {
    Settings s = Settings.bind(Map.of("OPTIMIZER_REDIS_URL", "redis://env-host:6380",
        "OPTIMIZER_REDIS_POOL_SIZE", "8"), props(), new RedisSettings().settings());
    RedisConfig explicit = RedisConfig.custom().settings(s).uri("redis://mine:7000").build();
    assertThat(explicit.endpoints()).containsExactly("mine:7000");
    assertThat(explicit.poolSize()).isEqualTo(8);
    RedisConfig bound = RedisConfig.custom().settings(s).database(3).build();
    assertThat(bound.endpoints()).containsExactly("env-host:6380");
    assertThat(bound.database()).as("an explicit database survives a bound URL").isEqualTo(3);
  }

  @Test
  void ofDefaults_malformedUrl_failsNamingSetting() {
    assertThatThrownBy(() -> RedisConfig.ofDefaults(Map.of("OPTIMIZER_REDIS_URL", "http://nope"), props()))
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("OPTIMIZER_REDIS_URL")
        .hasMessageContaining("http://nope");
  }

  @Test
  void build_redisSettingsKnownToCore_unknownOneFailsNamingNearest() {
    assertThat(OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.redis.url", "redis://h:1")).build().settingWarnings()).isEmpty();
    assertThatThrownBy(() -> OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.redis.uri", "redis://h:1")).build())
        .isInstanceOf(InvalidSettingException.class).hasMessageContaining("optimizer.redis.url");
  }
}
