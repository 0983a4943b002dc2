package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.Tier;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.TierStats;
import dev.optimizer.cache.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** TieredCache with RedisTier as L2 on the shared Redis: cross-node coherence and poisoned entries. */
@RequiresRedis
class TieredCacheRedisTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private String name;
  private Jedis raw;

  @BeforeEach
  void setUp() {
    name = "tc-" + UUID.randomUUID().toString().substring(0, 8);
    raw = new Jedis(URI.create(RedisAvailableCondition.redisUrl()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    RedisCacheKeys.delete(name);
    raw.close();
  }

  private RedisTier redisTier(String node) {
    return RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl()).cacheName(name)
        .nodeId(node).build());
  }

  private <V> TieredCache<String, V> node(RedisTier l2, ValueCodec<V> codec) {
    TieredCache<String, V> cache = TieredCache.<String, V>builder(CacheConfig.custom(name).build())
        .valueCodec(codec).l2(l2).build();
    open.add(cache);
    await().atMost(Duration.ofSeconds(10)).until(() -> l2.stats().subscribed());
    return cache;
  }

  @Test
  void putOrInvalidateOnNodeA_nodeBStopsServingOldValue_p99Within100ms() {
    RedisTier tierA = redisTier("node-a");
    RedisTier tierB = redisTier("node-b");
    TieredCache<String, String> a = node(tierA, ValueCodec.string());
    TieredCache<String, String> b = node(tierB, ValueCodec.string());
    List<Long> latencies = new ArrayList<>();

    for (int i = 0; i < 100; i++) {
      String key = "user:" + (i % 10);
      b.get(key, k -> "old");                       // B's L1 now holds a value for the key
      String expected;
      long start = System.nanoTime();
      if (i % 2 == 0) {
        a.put(key, "v" + i);
        expected = "v" + i;
      } else {
        a.invalidate(key);
        expected = null;
      }
      latencies.add(awaitSeen(() -> b.getIfPresent(key), expected, start));
    }

    Collections.sort(latencies);
    long p99 = latencies.get(98);
    System.out.printf("two nodes: put/invalidate on A seen on B: p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
        latencies.get(50) / 1e6, p99 / 1e6, latencies.get(99) / 1e6);
    assertThat(Duration.ofNanos(p99)).isLessThan(Duration.ofMillis(100));
    assertThat(tierB.stats().invalidationsReceived()).isEqualTo(100);
    assertThat(tierA.stats().invalidationsReceived()).isZero();
  }

  private static long awaitSeen(Supplier<String> read, String expected, long start) {
    long deadline = start + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (Objects.equals(read.get(), expected)) {
        return System.nanoTime() - start;
      }
      LockSupport.parkNanos(20_000);
    }
    throw new AssertionError("node B still serves the old value 5 s after the write on A; expected " + expected);
  }

  @Test
  void loadAfterMiss_onNodeA_publishesNothing() {
    RedisTier tierA = redisTier("node-a");
    RedisTier tierB = redisTier("node-b");
    TieredCache<String, String> a = node(tierA, ValueCodec.string());
    node(tierB, ValueCodec.string());

    for (int i = 0; i < 20; i++) {
      a.get("k" + i, k -> "loaded");
    }

    assertThat(tierA.stats().invalidationsSent()).isZero();
  }

  @Test
  void get_rawSerializedForeignClassInRedis_loadsViaLoaderCountsDecodeFailureNeverInstantiates()
      throws Exception {
    RedisTier tier = redisTier("victim");
    TieredCache<String, Object> cache = node(tier, ValueCodec.javaSerialization(List.of()));
    Gadget gadget = new Gadget("pwned");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(gadget);
    }
    Gadget.DESERIALIZED.set(0);
    raw.set(redisKey(tier, cache, "poisoned"), bytes.toByteArray());

    Object value = cache.get("poisoned", k -> "from loader");

    assertThat(value).isEqualTo("from loader");
    assertThat(Gadget.DESERIALIZED).hasValue(0);
    TierStats l2 = cache.stats().tier(Tier.L2);
    assertThat(l2.decodeFailures()).isEqualTo(1);
  }

  @Test
  void get_wellFramedForeignClassInRedis_rejectedByAllowListBeforeInstantiation() throws Exception {
    // A cache whose codec allows Gadget writes a correctly framed entry; its bytes are then written
    // straight into Redis under the key of a cache that does not allow Gadget.
    String writerName = name + "-w";
    RedisTier writerTier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(writerName).invalidationEnabled(false).build());
    TieredCache<String, Object> writer = TieredCache.<String, Object>builder(
        CacheConfig.custom(writerName).l1Enabled(false).build())
        .valueCodec(ValueCodec.javaSerialization(Gadget.class)).l2(writerTier).build();
    open.add(writer);
    writer.put("poisoned", new Gadget("pwned"));
    byte[] framed = raw.get(redisKey(writerTier, writer, "poisoned"));
    assertThat(framed).isNotNull();
    writer.invalidateAll();

    RedisTier tier = redisTier("victim");
    TieredCache<String, Object> victim = node(tier, ValueCodec.javaSerialization(List.of()));
    Gadget.DESERIALIZED.set(0);
    raw.set(redisKey(tier, victim, "poisoned"), framed);
    AtomicInteger loads = new AtomicInteger();

    Object value = victim.get("poisoned", k -> {
      loads.incrementAndGet();
      return "from loader";
    });

    assertThat(value).isEqualTo("from loader");
    assertThat(loads).hasValue(1);
    assertThat(Gadget.DESERIALIZED).as("Gadget readObject/readResolve calls").hasValue(0);
    assertThat(victim.stats().tier(Tier.L2).decodeFailures()).isEqualTo(1);
    assertThat(victim.get("poisoned", k -> "again")).isEqualTo("from loader");
  }

  private static byte[] redisKey(RedisTier tier, TieredCache<?, ?> cache, String key) {
    return (tier.config().keyPrefix() + key).getBytes(StandardCharsets.UTF_8); // the name once (issue 11)
  }

  @Test
  void getAll_acrossL1AndL2_bulkReadsRedisOnce() {
    RedisTier tier = redisTier("n");
    TieredCache<String, String> cache = node(tier, ValueCodec.string());
    for (int i = 0; i < 50; i++) {
      cache.put("k" + i, "v" + i);
    }
    RedisTier otherTier = redisTier("m");
    TieredCache<String, String> other = node(otherTier, ValueCodec.string());

    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      keys.add("k" + i);
    }
    Map<String, String> found = other.getAll(keys, missing -> {
      assertThat(missing).hasSize(10);
      Map<String, String> loaded = new java.util.HashMap<>();
      missing.forEach(k -> loaded.put(k, "loaded"));
      return loaded;
    });

    assertThat(found).hasSize(60).containsEntry("k7", "v7").containsEntry("k55", "loaded");
    assertThat(otherTier.stats().hits()).isEqualTo(50);
  }
}
