package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.cache.RedisTierStats;
import dev.optimizer.cache.spi.TierUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.optimizer.core.testing.FakeTicker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/** RedisTier against the shared Redis at REDIS_URL, through the ByteTier contract. */
@RequiresRedis
class RedisTierTest {
  private final List<RedisTier> tiers = new ArrayList<>();
  private Jedis raw;
  private String cacheName;

  @BeforeEach
  void setUp() {
    raw = new Jedis(URI.create(RedisAvailableCondition.redisUrl()));
    cacheName = "t-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    for (RedisTier tier : tiers) {
      try {
        tier.invalidateAll();
      } catch (TierUnavailableException e) {
        // closed by the test itself
      }
      tier.close();
    }
    raw.close();
  }

  private RedisTier tier(String name) {
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(name).build());
    tiers.add(tier);
    return tier;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void put_thenGet_returnsSameBytesUnderNamespacedKey() {
    RedisTier tier = tier(cacheName);
    byte[] value = {0, 1, 2, (byte) 0xff, 42};

    tier.put("user:1", value, Duration.ofMinutes(1));

    assertThat(tier.get("user:1")).isEqualTo(value);
    assertThat(raw.get(bytes("app:cache:" + cacheName + ":user:1"))).isEqualTo(value);
    assertThat(tier.get("user:2")).isNull();
    RedisTierStats stats = tier.stats();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.circuitState()).isEqualTo(RedisTierStats.CircuitState.CLOSED);
  }

  @Test
  void put_withTtl_setsMillisecondExpiryInRedis() {
    RedisTier tier = tier(cacheName);

    tier.put("a", bytes("x"), Duration.ofSeconds(30));
    tier.put("b", bytes("y"), Duration.ZERO);
    tier.put("c", bytes("z"), Duration.ofNanos(10));

    long pttl = raw.pttl("app:cache:" + cacheName + ":a");
    assertThat(pttl).isBetween(1L, 30_000L).isGreaterThan(20_000L);
    assertThat(raw.pttl("app:cache:" + cacheName + ":b")).isEqualTo(-1L);
    assertThat(raw.pttl("app:cache:" + cacheName + ":c")).isLessThanOrEqualTo(1L);
  }

  @Test
  void put_negativeTtl_isRejectedAndNothingWritten() {
    RedisTier tier = tier(cacheName);

    assertThatThrownBy(() -> tier.put("a", bytes("x"), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThat(tier.get("a")).isNull();
  }

  @Test
  void twoCaches_sameKey_neverCollide() {
    RedisTier users = tier(cacheName + "-users");
    RedisTier orders = tier(cacheName + "-orders");

    users.put("1", bytes("alice"), Duration.ofMinutes(1));
    orders.put("1", bytes("order"), Duration.ofMinutes(1));
    users.invalidateAll();

    assertThat(users.get("1")).isNull();
    assertThat(orders.get("1")).isEqualTo(bytes("order"));
  }

  @Test
  void putAllThenGetAll_manyKeys_roundTripsAndReportsOnlyPresent() {
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(cacheName).bulkChunkSize(64).build());
    tiers.add(tier);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      entries.put("k" + i, bytes("v" + i));
    }

    tier.putAll(entries, Duration.ofMinutes(1));
    List<String> asked = new ArrayList<>(entries.keySet());
    asked.add("absent-1");
    asked.add("k0"); // duplicate
    Map<String, byte[]> found = tier.getAll(asked);

    assertThat(found).hasSize(300);
    for (int i = 0; i < 300; i++) {
      assertThat(found.get("k" + i)).isEqualTo(bytes("v" + i));
    }
    assertThat(raw.pttl("app:cache:" + cacheName + ":k299")).isGreaterThan(50_000L);
    assertThat(tier.getAll(List.of())).isEmpty();
    assertThat(tier.stats().misses()).isEqualTo(1);
  }

  @Test
  void invalidate_key_removesOnlyThatKey() {
    RedisTier tier = tier(cacheName);
    tier.put("a", bytes("1"), Duration.ZERO);
    tier.put("b", bytes("2"), Duration.ZERO);

    tier.invalidate("a");
    tier.invalidate("never-there");

    assertThat(tier.get("a")).isNull();
    assertThat(tier.get("b")).isEqualTo(bytes("2"));
  }

  @Test
  void invalidateMatching_glob_removesMatchesViaScanAndCountsThem() {
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(cacheName).scanCount(10).build());
    tiers.add(tier);
    Map<String, byte[]> entries = new HashMap<>();
    for (int i = 0; i < 120; i++) {
      entries.put("users:" + i, bytes("u"));
      entries.put("orders:" + i, bytes("o"));
    }
    tier.putAll(entries, Duration.ofMinutes(1));
    tier.put("users:[x]", bytes("literal"), Duration.ZERO);
    tier.put("users:x", bytes("x"), Duration.ZERO);

    long removed = tier.invalidateMatching("users:1?");

    assertThat(removed).isEqualTo(10); // users:10..users:19
    assertThat(tier.get("users:15")).isNull();
    assertThat(tier.get("users:1")).isNotNull();
    assertThat(tier.invalidateMatching("users:[x]")).as("brackets match literally").isEqualTo(1);
    assertThat(tier.get("users:x")).isEqualTo(bytes("x"));
    assertThat(tier.invalidateMatching("users:*")).isEqualTo(111);
    assertThat(tier.get("orders:7")).isEqualTo(bytes("o"));
    assertThat(raw.scan(ScanParams.SCAN_POINTER_START,
        new ScanParams().match("app:cache:" + cacheName + ":users:*").count(1000)).getResult()).isEmpty();
  }

  @Test
  void invalidateAll_cacheNameWithGlobCharacters_removesOnlyItsOwnKeys() {
    RedisTier star = tier(cacheName + "*");
    RedisTier plain = tier(cacheName + "x");
    star.put("k", bytes("1"), Duration.ZERO);
    plain.put("k", bytes("2"), Duration.ZERO);

    star.invalidateAll();

    assertThat(star.get("k")).isNull();
    assertThat(plain.get("k")).isEqualTo(bytes("2"));
  }

  @Test
  void bindTo_registry_exposesHitsMissesLatencyAndCircuitState() {
    RedisTier tier = tier(cacheName);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    tier.bindTo(registry);
    tier.bindTo(registry); // idempotent: latencies must not be recorded twice

    tier.put("a", bytes("1"), Duration.ZERO);
    tier.get("a");
    tier.get("b");

    assertThat(registry.get("optimizer.cache.redis.gets").tag("result", "hit").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("optimizer.cache.redis.gets").tag("result", "miss").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("optimizer.cache.redis.latency").tag("operation", "get").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("optimizer.cache.redis.circuit.state").gauge().value()).isEqualTo(0.0);
    assertThat(registry.get("optimizer.cache.redis.errors").tag("cache", cacheName).functionCounter().count())
        .isZero();
  }

  @Test
  void get_afterClose_throwsTierUnavailable() {
    RedisTier tier = tier(cacheName);
    tier.close();
    tier.close();

    assertThatThrownBy(() -> tier.get("a")).isInstanceOf(TierUnavailableException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void create_unreachableRedis_startsWithOpenCircuitAndFailsFast() throws Exception {
    int port = RedisServerProcess.freePort();
    FakeTicker ticker = new FakeTicker();
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().connection(RedisConfig.custom().standalone("127.0.0.1", port).ticker(ticker).build()).cacheName(cacheName).invalidationEnabled(false).build());
    tiers.add(tier);

    // The ticker stands still, so no probe is due however slow this machine is.
    assertThatThrownBy(() -> tier.get("a")).isInstanceOf(TierUnavailableException.class)
        .hasMessageContaining("circuit open");
    // Refused by the open circuit without a connection attempt: counted as rejected, not as an error.
    // (No wall-clock bound: that would be flaky on a loaded machine.)
    assertThat(tier.stats().circuitState()).isEqualTo(RedisTierStats.CircuitState.OPEN);
    assertThat(tier.stats().rejected()).isEqualTo(1);
    assertThat(tier.stats().errors()).isZero();

    ticker.advance(tier.config().connection().probeInterval());
    assertThatThrownBy(() -> tier.get("a")).as("the due probe tries Redis and fails")
        .isInstanceOf(TierUnavailableException.class).hasMessageContaining("get failed");
    assertThat(tier.stats().errors()).isEqualTo(1);
    assertThat(tier.stats().circuitState()).isEqualTo(RedisTierStats.CircuitState.OPEN);
  }
}
