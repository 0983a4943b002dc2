package dev.optimizer.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.redis.RedisConfig;
import org.junit.jupiter.api.Test;

/** The key space and validation of {@link RedisTierConfig}; connection settings are in RedisConfigTest. */
class RedisTierConfigTest {

  @Test
  void keyPrefix_defaultNamespace_namesTheCacheOnce() {
    RedisTierConfig c = RedisTierConfig.custom().uri("redis://h:1").cacheName("users").build();

    assertThat(c.keyPrefix()).isEqualTo("app:cache:users:");
    assertThat(c.invalidationChannel()).isEqualTo("app:cache:users:__invalidations");
    assertThat(c.connection()).isEqualTo(RedisConfig.of("redis://h:1"));
  }

  @Test
  void build_withoutCacheName_throwsIllegalState() {
    assertThatThrownBy(() -> RedisTierConfig.custom().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cacheName");
    assertThatThrownBy(() -> RedisTierConfig.custom().cacheName("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisTierConfig.custom().scanCount(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
