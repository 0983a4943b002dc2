package dev.optimizer.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheConfig;
import dev.optimizer.cache.EntryOptions;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.cache.ValueCodec;
import dev.optimizer.core.testing.FakeTicker;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh-ahead with L2 on the real Redis: a node's background reload reaches the shared tier. */
@RequiresRedis
class RefreshAheadRedisTest {
  private static final EntryOptions OPTIONS =
      EntryOptions.defaults().withTtl(Duration.ofMinutes(10)).withRefreshAfter(Duration.ofMinutes(1));
  private final List<AutoCloseable> open = new ArrayList<>();
  private final FakeTicker ticker = new FakeTicker();
  private String name;

  @BeforeEach
  void setUp() {
    name = "ra-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    RedisCacheKeys.delete(name);
  }

  private TieredCache<String, String> node(String id) {
    RedisTier l2 = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(name).nodeId(id).build());
    TieredCache<String, String> cache = TieredCache.<String, String>builder(CacheConfig.custom(name).build())
        .ticker(ticker).valueCodec(ValueCodec.string()).l2(l2).build();
    open.add(cache);
    open.add(l2);
    return cache;
  }

  @Test
  void reloadOnNodeA_isWhatANodeWithAnEmptyL1ReadsFromRedis() {
    TieredCache<String, String> a = node("node-a");
    AtomicInteger loads = new AtomicInteger();
    assertThat(a.get("config", k -> "v" + loads.incrementAndGet(), OPTIONS)).isEqualTo("v1");
    ticker.advance(Duration.ofMinutes(2));
    assertThat(a.get("config", k -> "v" + loads.incrementAndGet(), OPTIONS)).isEqualTo("v1");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.stats().refreshes() == 1);

    TieredCache<String, String> b = node("node-b");
    assertThat(b.get("config", k -> "loaded-by-b", OPTIONS)).isEqualTo("v2");
    assertThat(loads).hasValue(2);
  }
}
