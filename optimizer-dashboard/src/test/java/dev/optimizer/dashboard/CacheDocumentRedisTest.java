package dev.optimizer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.core.Optimizer;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.testing.RedisServerProcess;
import dev.optimizer.redis.testing.RequiresRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache document over a real Redis L2, through an outage of a private redis-server. */
@RequiresRedis
class CacheDocumentRedisTest {
  private RedisServerProcess server;
  private Optimizer optimizer;

  @BeforeEach
  void start() throws Exception {
    server = RedisServerProcess.start();
    optimizer = Optimizer.builder().config(OperationsDocumentsTest.quietConfig()).build();
  }

  @AfterEach
  void stop() {
    optimizer.close();
    server.close();
  }

  @Test
  void cache_redisL2KilledAndRestarted_showsTheCircuitOpenThenClosed() throws Exception {
    RedisConfig connection = RedisConfig.custom().uri(server.url()).connectTimeout(Duration.ofMillis(400))
        .socketTimeout(Duration.ofMillis(400)).borrowTimeout(Duration.ofMillis(200)).failureThreshold(3)
        .probeInterval(Duration.ofMillis(50), Duration.ofMillis(400)).build();
    RedisTier l2 = RedisTier.create(RedisTierConfig.custom().connection(connection).cacheName("sessions").build());
    // The connection's meters are never bound by hand: binding the cache binds its tier's connection too.
    TieredCache<String, String> sessions = optimizer.module(CacheModule.class).register(TieredCache
        .<String, String>builder(CacheConfig.custom("sessions").l1MaximumSize(10).l1MinimumSize(5).build())
        .valueCodec(ValueCodec.string()).l2(l2).build());
    try {
      for (int i = 0; i < 50; i++) {
        sessions.get("s" + i, k -> "user " + k);
      }
      OperationsDocuments docs = OperationsDocuments.of(optimizer);
      CacheDocument.Cache cache = docs.cache().caches().get(0);
      assertThat(cache.tiers()).extracting(CacheDocument.Tier::tier).containsExactly("L1", "L2");
      assertThat(cache.tiers().get(1).puts()).isEqualTo(50);
      assertThat(cache.redis()).isNotNull();
      assertThat(cache.redis().circuitState()).isEqualTo("CLOSED");
      CacheDocument.RedisServer redis = docs.cache().redisServers().get(0);
      assertThat(redis.server()).contains(Integer.toString(server.port()));
      assertThat(redis.circuitState()).isEqualTo("CLOSED");
      assertThat(redis.calls()).isPositive();

      server.kill();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        sessions.get("after-kill-" + System.nanoTime(), k -> "v");
        return docs.cache().redisServers().get(0).circuitState().equals("OPEN");
      });
      CacheDocument after = docs.cache();
      assertThat(after.caches().get(0).redis().circuitState()).isEqualTo("OPEN");
      assertThat(after.redisServers().get(0).outages()).isGreaterThanOrEqualTo(1);
      assertThat(after.caches().get(0).tiers().get(1).available()).isFalse();
      assertThat(OperationsDocuments.json(after)).contains("\"circuit_state\":\"OPEN\"", "\"busy_calls\":");

      server.restart();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        sessions.get("after-restart-" + System.nanoTime(), k -> "v");
        return docs.cache().redisServers().get(0).circuitState().equals("CLOSED");
      });
    } finally {
      sessions.close();
    }
  }
}
