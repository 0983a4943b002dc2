package dev.optimizer.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheInvalidate;
import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.CacheModuleConfig;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @CacheResult} on {@code CompletableFuture} methods over a real Redis L2, two nodes. */
@RequiresRedis
class AsyncCacheResultRedisTest {
  public record Quote(String sku, long cents) implements Serializable {}

  public interface Quotes {
    @CacheResult(cache = "quotes", ttl = "10m")
    CompletableFuture<Quote> quote(String sku);

    @CacheInvalidate(cache = "quotes")
    void reprice(String sku);
  }

  /** Counts calls; answers from another thread, as a real asynchronous lookup would. */
  public static class Node implements Quotes {
    final AtomicInteger calls = new AtomicInteger();
    final long cents;

    Node(long cents) {
      this.cents = cents;
    }

    @Override
    public CompletableFuture<Quote> quote(String sku) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> new Quote(sku, cents),
          CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    }

    @Override
    public void reprice(String sku) {}
  }

  private final List<Optimizer> optimizers = new ArrayList<>();
  private String prefix;

  @BeforeEach
  void setUp() {
    prefix = "async-" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  @AfterEach
  void tearDown() {
    optimizers.forEach(Optimizer::close);
    RedisCacheKeys.delete("quotes"); // only this test uses the "quotes" cache
  }

  private Quotes node(String id, Node target) {
    Optimizer o = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .module(new CacheModule(CacheModuleConfig.custom()
            .l2(name -> RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
                .cacheName(name).nodeId(id).build()))
            .build()))
        .build();
    optimizers.add(o);
    return o.proxy(Quotes.class, target);
  }

  @Test
  void valueLoadedOnNodeA_isReadFromRedisByNodeB_withoutCallingItsMethod() throws Exception {
    Node a = new Node(100);
    Node b = new Node(999);
    Quotes nodeA = node("node-a", a);
    Quotes nodeB = node("node-b", b);
    String sku = prefix + "1";

    assertThat(nodeA.quote(sku).get(10, TimeUnit.SECONDS)).isEqualTo(new Quote(sku, 100));
    assertThat(nodeB.quote(sku).get(10, TimeUnit.SECONDS)).as("B finds A's value in L2").isEqualTo(new Quote(sku, 100));
    assertThat(b.calls).hasValue(0);
    assertThat(nodeB.quote(sku)).as("and keeps it in its L1").isDone();
  }

  @Test
  void invalidationThroughNodeA_makesNodeBLoadAgain() throws Exception {
    Node a = new Node(100);
    Node b = new Node(200);
    Quotes nodeA = node("node-a", a);
    Quotes nodeB = node("node-b", b);
    String sku = prefix + "2";
    assertThat(nodeB.quote(sku).get(10, TimeUnit.SECONDS)).isEqualTo(new Quote(sku, 200));
    assertThat(nodeB.quote(sku)).isDone();

    nodeA.reprice(sku);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(nodeB.quote(sku).get(10, TimeUnit.SECONDS)).isEqualTo(new Quote(sku, 200)));
    await().atMost(Duration.ofSeconds(10)).until(() -> b.calls.get() == 2);
  }

  @Test
  void hundredsOfConcurrentMissesOfOneKey_callTheMethodOnceAcrossTheNode() throws Exception {
    Node a = new Node(7);
    Quotes nodeA = node("node-a", a);
    String sku = prefix + "3";
    List<CompletableFuture<Quote>> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      all.add(nodeA.quote(sku));
    }
    for (CompletableFuture<Quote> f : all) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(new Quote(sku, 7));
    }
    assertThat(a.calls).hasValue(1);
  }
}
