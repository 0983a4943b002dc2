package dev.optimizer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.redis.RedisConfig.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** URL parsing, validation and the derived values of {@link RedisConfig}; no Redis needed. */
class RedisConfigTest {

  @Test
  void uri_standaloneWithAclUserAndDatabase_parsesEverything() {
    RedisConfig c = RedisConfig.custom().uri("redis://app:p%40ss@redis.internal:6380/3").build();

    assertThat(c.mode()).isEqualTo(Mode.STANDALONE);
    assertThat(c.endpoints()).containsExactly("redis.internal:6380");
    assertThat(c.database()).isEqualTo(3);
    assertThat(c.user()).contains("app");
    assertThat(c.password()).contains("p@ss");
    assertThat(c.tls()).isFalse();
  }

  @Test
  void uri_passwordOnlyTlsDefaultPort_usesDefaultUser() {
    RedisConfig c = RedisConfig.custom().uri("rediss://:secret@host").build();

    assertThat(c.endpoints()).containsExactly("host:6379");
    assertThat(c.user()).isEmpty();
    assertThat(c.password()).contains("secret");
    assertThat(c.tls()).isTrue();
  }

  @Test
  void uri_sentinel_parsesSentinelsMasterAndDatabase() {
    RedisConfig c = RedisConfig.custom().uri("redis-sentinel://s1:26379,s2/mymaster/2").build();

    assertThat(c.mode()).isEqualTo(Mode.SENTINEL);
    assertThat(c.endpoints()).containsExactly("s1:26379", "s2:26379");
    assertThat(c.masterName()).contains("mymaster");
    assertThat(c.database()).isEqualTo(2);
  }

  @Test
  void uri_cluster_parsesSeedNodes() {
    RedisConfig c = RedisConfig.custom().uri("rediss-cluster://n1:7000,n2:7001").build();

    assertThat(c.mode()).isEqualTo(Mode.CLUSTER);
    assertThat(c.endpoints()).containsExactly("n1:7000", "n2:7001");
    assertThat(c.tls()).isTrue();
  }

  @Test
  void uri_malformed_rejectedNamingTheProblemWithoutThePassword() {
    assertThatThrownBy(() -> RedisConfig.custom().uri("http://h:1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme 'http'");
    assertThatThrownBy(() -> RedisConfig.custom().uri("redis://u:topsecret@h:99999"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> RedisConfig.custom().uri("redis://h:1/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
    assertThatThrownBy(() -> RedisConfig.custom().uri("redis-sentinel://h:1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master name");
    assertThatThrownBy(() -> RedisConfig.custom().uri("redis://a:1,b:2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one host");
  }

  @Test
  void setters_outOfRange_throwIllegalArgument() {
    RedisConfig.Builder b = RedisConfig.custom();
    assertThatThrownBy(() -> b.poolSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connectTimeout");
    assertThatThrownBy(() -> b.borrowTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.database(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.failureThreshold(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.trustStore(Path.of("/does/not/exist"), null, "PKCS12"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustStore");
    assertThatThrownBy(() -> b.clientName("has space")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.cluster(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.subscriptionHeartbeat(Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriptionHeartbeat");
    assertThat(b.subscriptionHeartbeat(Duration.ZERO).build().subscriptionHeartbeat()).isZero();
  }

  @Test
  void build_conflictingSettings_throwIllegalState() {
    assertThatThrownBy(() -> RedisConfig.custom().callBudget(Duration.ofMillis(900)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("callBudget");
    assertThatThrownBy(() -> RedisConfig.custom().cluster(List.of("h:1")).database(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("database");
    assertThatThrownBy(() -> RedisConfig.custom().probeInterval(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxProbeInterval");
    assertThatThrownBy(() -> RedisConfig.custom().user("u").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("without a password");
  }

  @Test
  void callBudget_defaultIsTwiceTheRoundTripBound() {
    RedisConfig c = RedisConfig.custom().borrowTimeout(Duration.ofMillis(10)).connectTimeout(Duration.ofMillis(100)).socketTimeout(Duration.ofMillis(200)).build();

    assertThat(c.roundTripBound()).isEqualTo(Duration.ofMillis(510));
    assertThat(c.callBudget()).isEqualTo(Duration.ofMillis(1020));
  }

  @Test
  void toString_neverShowsThePassword() {
    RedisConfig c = RedisConfig.custom().uri("redis://u:hunter2@h:1").build();

    assertThat(c.toString()).doesNotContain("hunter2").contains("***");
    assertThat(c.toBuilder().build().password()).contains("hunter2");
  }
}
