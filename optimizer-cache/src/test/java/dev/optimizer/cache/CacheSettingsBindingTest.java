package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.Feature;
import dev.optimizer.core.InvalidSettingException;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: the cache's settings bind from OPTIMIZER_CACHE_* and optimizer.cache.* like the core's. */
class CacheSettingsBindingTest {
  @TempDir
  Path dir;

  private Optimizer optimizer;

  @AfterEach
  void close() {
    if (optimizer != null) {
      optimizer.close();
    }
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private CacheModule start(Map<String, String> env, Properties sys, CacheModuleConfig config) {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().environment(env).systemProperties(sys)
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .discoverModules(false).module(new CacheModule(config)).build();
    return optimizer.module(CacheModule.class);
  }

  @Test
  void createdCache_seedSettingsFromEnvironment_applied() {
    CacheModule module = start(Map.of(
        "OPTIMIZER_CACHE_L1_SIZE", "500",
        "OPTIMIZER_CACHE_TTL", "2m",
        "OPTIMIZER_CACHE_USERS_TTL", "30s",
        "OPTIMIZER_CACHE_USERS_L1_SIZE", "50",
        "OPTIMIZER_CACHE_L3_DIRECTORY", dir.toString()), new Properties(), CacheModuleConfig.ofDefaults());

    CacheConfig orders = module.cache("orders").config();
    assertThat(orders.l1MaximumSize()).isEqualTo(500);
    assertThat(orders.l1ExpireAfterWrite()).isEqualTo(Duration.ofMinutes(2));
    assertThat(orders.l2Ttl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(orders.l3Ttl()).isEqualTo(Duration.ofMinutes(2));

    CacheConfig users = module.cache("users").config();
    assertThat(users.l1MaximumSize()).as("per-cache beats module-wide").isEqualTo(50);
    assertThat(users.l1MinimumSize()).as("default floor lowered to the bound").isEqualTo(50);
    assertThat(users.l1ExpireAfterWrite()).isEqualTo(Duration.ofSeconds(30));
    assertThat(users.l3Ttl()).isEqualTo(Duration.ofSeconds(30));

    module.cache("users").put("k", "v");
    assertThat(Files.exists(dir.resolve("users.db"))).as("L3 file in the bound directory").isTrue();
  }

  @Test
  void refreshAfterFromEnvironment_perCacheBeatsModuleWide_andAnnotatedMethodsOfTheCacheRefresh() {
    CacheModule module = start(Map.of(
        "OPTIMIZER_CACHE_REFRESH_AFTER", "2m",
        "OPTIMIZER_CACHE_USERS_REFRESH_AFTER", "20s"), new Properties(), CacheModuleConfig.ofDefaults());

    assertThat(module.cache("orders").config().refreshAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(module.cache("users").config().refreshAfter()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void refreshAfterNotShorterThanL1Expiry_failsTheCacheNamingBoth() {
    CacheModule module = start(Map.of("OPTIMIZER_CACHE_USERS_REFRESH_AFTER", "10m"), new Properties(),
        CacheModuleConfig.ofDefaults());
    assertThatThrownBy(() -> module.cache("users"))
        .hasMessageContaining("cache users").hasMessageContaining("refreshAfter PT10M")
        .hasMessageContaining("l1ExpireAfterWrite PT10M");
  }

  @Test
  void createdCache_seedSettingsFromSystemProperties_applied() {
    CacheModule module = start(Map.of(), props(
        "optimizer.cache.l1-size", "700",
        "optimizer.cache.users.ttl", "1h",
        "optimizer.cache.l3-directory", dir.toString()), CacheModuleConfig.ofDefaults());

    CacheConfig users = module.cache("users").config();
    assertThat(users.l1MaximumSize()).isEqualTo(700);
    assertThat(users.l2Ttl()).isEqualTo(Duration.ofHours(1));
    module.cache("users").put("k", "v");
    assertThat(Files.exists(dir.resolve("users.db"))).isTrue();
  }

  @Test
  void createdCache_builderPropertyEnvironment_builderWinsThenProperty() {
    CacheModuleConfig config = CacheModuleConfig.custom()
        .template(CacheConfig.custom("t").l1MaximumSize(900).build()).build();
    CacheModule module = start(
        Map.of("OPTIMIZER_CACHE_L1_SIZE", "500", "OPTIMIZER_CACHE_TTL", "5m"),
        props("optimizer.cache.l1-size", "600", "optimizer.cache.ttl", "7m"), config);

    CacheConfig c = module.cache("orders").config();
    assertThat(c.l1MaximumSize()).as("explicit builder call wins").isEqualTo(900);
    assertThat(c.l2Ttl()).as("system property beats environment").isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void createdCache_noSettings_defaultsKept() {
    CacheConfig c = start(Map.of(), new Properties(), CacheModuleConfig.ofDefaults()).cache("orders").config();
    assertThat(c.l1MaximumSize()).isEqualTo(10_000);
    assertThat(c.l1ExpireAfterWrite()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.l2Ttl()).isEqualTo(Duration.ofHours(1));
  }

  public interface Users {
    @CacheResult(cache = "users")
    String find(String id);
  }

  @Test
  void cacheResult_cacheDisabledByEnvironment_targetCalledEveryTime() {
    start(Map.of("OPTIMIZER_CACHE_ENABLED", "false"), new Properties(), CacheModuleConfig.ofDefaults());
    AtomicInteger calls = new AtomicInteger();
    Users users = optimizer.proxy(Users.class, id -> id + calls.incrementAndGet());

    users.find("a");
    users.find("a");

    assertThat(optimizer.config().isEnabled(Feature.CACHE)).isFalse();
    assertThat(calls).hasValue(2);
  }

  @Test
  void build_unknownCacheProperty_failsNamingNearest() {
    assertThatThrownBy(() -> OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.cache.l1-sise", "5")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.cache.l1-sise")
        .hasMessageContaining("optimizer.cache.l1-size");
  }

  @Test
  void build_knownCacheProperty_notReportedUnknownByCore() {
    OptimizerConfig c = OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.cache.l1-size", "5", "optimizer.cache.users.ttl", "0")).build();
    assertThat(c.settingWarnings()).isEmpty();
  }

  @Test
  void build_malformedPerCacheTtl_failsNamingSetting() {
    assertThatThrownBy(() -> OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_CACHE_USERS_TTL", "soon")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("OPTIMIZER_CACHE_USERS_TTL")
        .hasMessageContaining("soon")
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> OptimizerConfig.custom().environment(Map.of())
        .systemProperties(props("optimizer.cache.l1-size", "0")).build())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("optimizer.cache.l1-size");
  }

  @Test
  void build_unknownCacheVariable_warnsNamingNearest() {
    OptimizerConfig c = OptimizerConfig.custom().systemProperties(new Properties())
        .environment(Map.of("OPTIMIZER_CACHE_L1_SISE", "5")).build();
    assertThat(c.settingWarnings()).singleElement().asString()
        .contains("OPTIMIZER_CACHE_L1_SISE").contains("OPTIMIZER_CACHE_L1_SIZE");
  }
}
