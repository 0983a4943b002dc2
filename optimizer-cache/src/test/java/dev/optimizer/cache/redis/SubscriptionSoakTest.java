package dev.optimizer.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.RedisConnectionStats;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 1's acceptance soak: two nodes (two connections, each with its own subscriber and the
 * default 5 s heartbeat) on one healthy Redis under the reported light traffic (5 puts every 0.7 s, a
 * read every 100 ms) for {@code -Dsoak.minutes} (default 10): no subscription lost, no L1 cleared. Runs
 * only with {@code -Psoak}:
 *
 * <pre>
 * ./mvnw -B -Psoak -pl optimizer-cache -am verify -Dtest=SubscriptionSoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@RequiresRedis
@Tag("soak")
class SubscriptionSoakTest {

  @Test
  void twoNodes_lightTrafficForMinutes_noSubscriptionLostNoL1Cleared() {
    Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
    String name = "soak-" + UUID.randomUUID().toString().substring(0, 8);
    try (RedisConnection nodeA = RedisConnection.create(RedisConfig.custom().uri(RedisAvailableCondition.redisUrl())
            .clientName(name + "-a").build());
        RedisConnection nodeB = RedisConnection.create(RedisConfig.custom().uri(RedisAvailableCondition.redisUrl())
            .clientName(name + "-b").build())) {
      RedisTier tierA = RedisTier.create(nodeA, RedisTierConfig.custom().cacheName(name).nodeId("a").build());
      RedisTier tierB = RedisTier.create(nodeB, RedisTierConfig.custom().cacheName(name).nodeId("b").build());
      try (TieredCache<String, String> a = TieredCache.<String, String>builder(CacheConfig.custom(name).build())
              .valueCodec(ValueCodec.string()).l2(tierA).build();
          TieredCache<String, String> b = TieredCache.<String, String>builder(CacheConfig.custom(name).build())
              .valueCodec(ValueCodec.string()).l2(tierB).build()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> tierA.stats().subscribed() && tierB.stats().subscribed());
        long end = System.nanoTime() + length.toNanos();
        long reads = 0;
        long puts = 0;
        for (int tick = 0; System.nanoTime() < end; tick++) {
          if (tick % 7 == 0) {
            for (int k = 0; k < 5; k++) {
              a.put("k" + k, "v" + tick);
              puts++;
            }
          }
          b.get("k" + (tick % 5), key -> "loaded");
          a.get("k" + ((tick + 2) % 5), key -> "loaded");
          reads += 2;
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        RedisConnectionStats sa = nodeA.stats();
        RedisConnectionStats sb = nodeB.stats();
        System.out.printf("soak %s: %d min, %d puts, %d reads; node a lost %d, resubscribed %d, resyncs %d;"
            + " node b lost %d, resubscribed %d, resyncs %d, invalidations received %d%n", name, length.toMinutes(),
            puts, reads, sa.subscriptionsLost(), sa.resubscribes(), tierA.stats().resyncs(), sb.subscriptionsLost(),
            sb.resubscribes(), tierB.stats().resyncs(), tierB.stats().invalidationsReceived());
        assertThat(sa.subscriptionsLost() + sb.subscriptionsLost()).as("subscriptions lost").isZero();
        assertThat(tierA.stats().resyncs() + tierB.stats().resyncs()).as("L1 clears").isZero();
        assertThat(tierB.stats().invalidationsReceived()).as("invalidations flowed").isPositive();
        a.invalidateAll();
      }
    }
  }
}
