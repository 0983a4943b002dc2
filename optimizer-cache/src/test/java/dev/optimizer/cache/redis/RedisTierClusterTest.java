package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.spi.InvalidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * RedisTier on a three-master Redis Cluster this test starts ({@code redis-server --cluster-enabled yes}
 * plus {@code redis-cli --cluster create}): bulk calls across hash slots, SCAN-based invalidation on
 * every master, pub/sub across nodes.
 */
@RequiresRedis
class RedisTierClusterTest {
  private static final List<RedisServerProcess> nodes = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    RedisServerProcess.assumeInstalled(true);
    List<String> args = new ArrayList<>(List.of(RedisServerProcess.CLI, "--cluster", "create"));
    for (int i = 0; i < 3; i++) {
      RedisServerProcess node = RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file",
          "nodes.conf", "--cluster-node-timeout", "5000");
      nodes.add(node);
      args.add("127.0.0.1:" + node.port());
    }
    args.add("--cluster-yes");
    Process create = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
      throw new IOException("redis-cli --cluster create failed: " + out);
    }
    for (RedisServerProcess node : nodes) {
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.port()),
            DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build())) {
          return j.clusterInfo().contains("cluster_state:ok");
        }
      });
    }
  }

  @AfterAll
  static void stopCluster() {
    nodes.forEach(RedisServerProcess::close);
  }

  private static RedisTier tier(String node) {
    return RedisTier.create(RedisTierConfig.custom()
        .uri("redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port())
        .cacheName("clustered").nodeId(node).bulkChunkSize(50).build());
  }

  @Test
  void putAllGetAllAndPatternInvalidation_keysOnEveryMaster_workAcrossSlots() {
    try (RedisTier tier = tier("n1")) {
      Map<String, byte[]> entries = new HashMap<>();
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < 400; i++) {
        String key = (i % 2 == 0 ? "users:" : "orders:") + i;
        entries.put(key, ("v" + i).getBytes(StandardCharsets.UTF_8));
        slots.add(JedisClusterCRC16.getSlot(tier.config().keyPrefix() + key));
      }
      assertThat(slots).hasSizeGreaterThan(300);

      tier.putAll(entries, Duration.ofMinutes(5));
      List<String> asked = new ArrayList<>(entries.keySet());
      asked.add("absent");
      Map<String, byte[]> found = tier.getAll(asked);

      assertThat(found).hasSize(400);
      entries.forEach((k, v) -> assertThat(found.get(k)).as(k).isEqualTo(v));
      assertThat(keysPerMaster()).as("keys on each master").allSatisfy(n -> assertThat(n).isPositive());

      assertThat(tier.invalidateMatching("users:*")).isEqualTo(200);
      assertThat(tier.getAll(asked)).hasSize(200).allSatisfy((k, v) -> assertThat(k).startsWith("orders:"));
      tier.put("single", new byte[] {1}, Duration.ofMinutes(1));
      assertThat(tier.get("single")).containsExactly(1);
      tier.invalidate("single");
      assertThat(tier.get("single")).isNull();

      tier.invalidateAll();
      assertThat(tier.getAll(asked)).isEmpty();
      assertThat(keysPerMaster()).allSatisfy(n -> assertThat(n).isZero());
    }
  }

  @Test
  void invalidationBus_publishOnOneNodeClient_reachesSubscriberOnAnother() throws Exception {
    try (RedisTier a = tier("a"); RedisTier b = tier("b")) {
      LinkedBlockingQueue<InvalidationMessage> inbox = new LinkedBlockingQueue<>();
      b.invalidationBus().subscribe(inbox::add);
      await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().subscribed());

      a.invalidationBus().publish(new InvalidationMessage("clustered", InvalidationMessage.Kind.KEY, "k", ""));

      InvalidationMessage m = inbox.poll(5, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.value()).isEqualTo("k");
      assertThat(m.origin()).isEqualTo("a");
    }
  }

  private static List<Long> keysPerMaster() {
    List<Long> counts = new ArrayList<>();
    for (RedisServerProcess node : nodes) {
      try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", node.port()),
          DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build())) {
        counts.add(j.dbSize());
      }
    }
    return counts;
  }
}
