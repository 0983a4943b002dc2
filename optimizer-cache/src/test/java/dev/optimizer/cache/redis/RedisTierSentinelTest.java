package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.spi.InvalidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** RedisTier finding its master through a Redis Sentinel this test starts ({@code redis-server --sentinel}). */
@RequiresRedis
class RedisTierSentinelTest {
  private static RedisServerProcess master;
  private static Process sentinel;
  private static int sentinelPort;

  @BeforeAll
  static void startSentinel() throws Exception {
    master = RedisServerProcess.start();
    sentinelPort = RedisServerProcess.freePort();
    Path conf = master.dir().resolve("sentinel.conf");
    Files.writeString(conf, "port " + sentinelPort + "\nbind 127.0.0.1\ndir " + master.dir() + "\n"
        + "sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1\n"
        + "sentinel down-after-milliseconds mymaster 5000\n");
    sentinel = new ProcessBuilder(RedisServerProcess.BINARY, conf.toString(), "--sentinel")
        .redirectErrorStream(true).redirectOutput(master.dir().resolve("sentinel.log").toFile()).start();
    await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
      try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", sentinelPort),
          DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build())) {
        return j.sentinelGetMasterAddrByName("mymaster").contains(String.valueOf(master.port()));
      }
    });
  }

  @AfterAll
  static void stopSentinel() throws Exception {
    if (sentinel != null) {
      sentinel.destroyForcibly();
      sentinel.waitFor(10, TimeUnit.SECONDS);
    }
    if (master != null) {
      master.close();
    }
  }

  @Test
  void sentinelUrl_resolvesMaster_andServesReadsWritesAndInvalidations() throws Exception {
    String url = "redis-sentinel://127.0.0.1:" + sentinelPort + "/mymaster";
    try (RedisTier a = RedisTier.create(RedisTierConfig.custom().uri(url).cacheName("sentinel").nodeId("a").build());
        RedisTier b = RedisTier.create(RedisTierConfig.custom().uri(url).cacheName("sentinel").nodeId("b").build())) {
      a.putAll(Map.of("x", bytes("1"), "y", bytes("2")), Duration.ofMinutes(1));
      assertThat(b.getAll(List.of("x", "y", "z"))).hasSize(2);
      try (Jedis direct = new Jedis(new HostAndPort("127.0.0.1", master.port()),
          DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build())) {
        assertThat(direct.get("app:cache:sentinel:x")).isEqualTo("1");
      }
      LinkedBlockingQueue<InvalidationMessage> inbox = new LinkedBlockingQueue<>();
      b.invalidationBus().subscribe(inbox::add);
      await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().subscribed());
      a.invalidationBus().publish(new InvalidationMessage("sentinel", InvalidationMessage.Kind.KEY, "x", ""));
      assertThat(inbox.poll(5, TimeUnit.SECONDS)).isNotNull();
      a.invalidateAll();
      assertThat(b.get("x")).isNull();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
