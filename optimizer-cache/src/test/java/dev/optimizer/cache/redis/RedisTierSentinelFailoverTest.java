package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisServerProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * Sentinel failover: the master this test starts is SIGKILLed, the sentinel promotes its replica, and a
 * {@link TieredCache} whose L2 is a {@link RedisTier} found through the sentinel follows: no call throws
 * to its caller meanwhile, and reads and writes reach the promoted replica afterwards, including what was
 * written before the kill.
 */
@RequiresRedis
class RedisTierSentinelFailoverTest {
  private static final JedisClientConfig PLAIN = DefaultJedisClientConfig.builder()
      .connectionTimeoutMillis(1000).socketTimeoutMillis(1000).autoNegotiateProtocol(false).build();

  @Test
  void masterKilled_sentinelPromotesReplica_tierFollowsWithoutThrowing() throws Exception {
    try (RedisServerProcess master = RedisServerProcess.start();
        RedisServerProcess replica = RedisServerProcess.start("--replicaof", "127.0.0.1",
            String.valueOf(master.port()))) {
      int sentinelPort = RedisServerProcess.freePort();
      Path conf = replica.dir().resolve("sentinel.conf");
      Files.writeString(conf, "port " + sentinelPort + "\nbind 127.0.0.1\ndir " + replica.dir() + "\n"
          + "sentinel monitor failover 127.0.0.1 " + master.port() + " 1\n"
          + "sentinel down-after-milliseconds failover 1000\n"
          + "sentinel failover-timeout failover 10000\n");
      Process sentinel = new ProcessBuilder(RedisServerProcess.BINARY, conf.toString(), "--sentinel")
          .redirectErrorStream(true).redirectOutput(replica.dir().resolve("sentinel.log").toFile()).start();
      try {
        // The sentinel learns of the replica from the master's INFO (every 10 s before a failover).
        await().atMost(Duration.ofSeconds(40)).ignoreExceptions().until(() -> {
          try (Jedis s = new Jedis(new HostAndPort("127.0.0.1", sentinelPort), PLAIN)) {
            return s.sentinelReplicas("failover").size() == 1;
          }
        });
        String url = "redis-sentinel://127.0.0.1:" + sentinelPort + "/failover";
        RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(url).cacheName("failover").nodeId("a")
            .build());
        try (TieredCache<String, String> cache = TieredCache.<String, String>builder(
                CacheConfig.custom("failover").l1Enabled(false).build())
            .valueCodec(ValueCodec.string()).l2(tier).build()) {
          cache.put("before", "1");
          await().atMost(Duration.ofSeconds(10)).until(() -> get(replica, "app:cache:failover:before") != null);

          master.kill();
          AtomicLong calls = new AtomicLong();
          long start = System.nanoTime();
          // Every call returns (a miss or a write L2 skipped while no master answers) and none throws: an
          // exception here would fail the await at once.
          try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
              calls.incrementAndGet();
              cache.put("after", "2");
              return "1".equals(cache.getIfPresent("before")) && "2".equals(cache.getIfPresent("after"));
            });
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Seen once in CI on a machine at load 31: say who the sentinel thinks is master, what the
            // replica thinks it is, and what the sentinel logged, so the next failure can be told apart.
            throw new AssertionError("tier did not follow the failover; sentinel's master: "
                + sentinelMaster(sentinelPort) + ", replica role: " + role(replica) + ", tier: " + tier.stats()
                + "\nsentinel.log:\n" + Files.readString(replica.dir().resolve("sentinel.log")), e);
          }
          System.out.printf("Sentinel failover: cache back on the promoted replica after %d ms, %d calls, "
              + "none threw%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), calls.get());

          try (Jedis promoted = new Jedis(new HostAndPort("127.0.0.1", replica.port()), PLAIN)) {
            assertThat(promoted.role().get(0)).isEqualTo("master");
            assertThat(promoted.exists("app:cache:failover:after")).isTrue();
          }
          assertThat(tier.stats().outages()).as("the outage was seen by the circuit breaker").isPositive();
          // The invalidation subscription follows to the new master as well.
          await().atMost(Duration.ofSeconds(60)).until(() -> tier.stats().subscribed());
        }
      } finally {
        sentinel.destroyForcibly();
        sentinel.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static String sentinelMaster(int sentinelPort) {
    try (Jedis s = new Jedis(new HostAndPort("127.0.0.1", sentinelPort), PLAIN)) {
      return String.valueOf(s.sentinelGetMasterAddrByName("failover"));
    } catch (RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  private static String role(RedisServerProcess server) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port()), PLAIN)) {
      return String.valueOf(j.role().get(0));
    } catch (RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  private static String get(RedisServerProcess server, String key) {
    try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port()), PLAIN)) {
      return j.get(key);
    }
  }

}
