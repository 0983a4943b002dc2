package dev.optimizer.cache.redis;

import dev.optimizer.redis.testing.RequiresRedis;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.RedisTier;
import dev.optimizer.cache.RedisTierConfig;
import dev.optimizer.cache.spi.InvalidationBus;
import dev.optimizer.cache.spi.InvalidationMessage;
import dev.optimizer.cache.spi.InvalidationMessage.Kind;
import java.net.URI;
import java.time.Duration;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The pub/sub invalidation bus between two tiers ("nodes") on the shared Redis. */
@RequiresRedis
class RedisInvalidationBusTest {
  private final List<RedisTier> tiers = new ArrayList<>();
  private String cacheName;

  @BeforeEach
  void setUp() {
    cacheName = "bus-" + UUID.randomUUID();
  }

  @AfterEach
  void tearDown() {
    tiers.forEach(RedisTier::close);
  }

  private RedisTier node(String nodeId) {
    RedisTier tier = RedisTier.create(RedisTierConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .cacheName(cacheName).nodeId(nodeId).build());
    tiers.add(tier);
    return tier;
  }

  private static LinkedBlockingQueue<InvalidationMessage> subscribe(RedisTier tier) {
    LinkedBlockingQueue<InvalidationMessage> inbox = new LinkedBlockingQueue<>();
    tier.invalidationBus().subscribe(inbox::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> tier.stats().subscribed());
    return inbox;
  }

  @Test
  void publish_onNodeA_deliveredToNodeBButNotBackToA() throws Exception {
    RedisTier a = node("node-a");
    RedisTier b = node("node-b");
    LinkedBlockingQueue<InvalidationMessage> inboxA = subscribe(a);
    LinkedBlockingQueue<InvalidationMessage> inboxB = subscribe(b);

    a.invalidationBus().publish(new InvalidationMessage(cacheName, Kind.KEY, "user:1", "ignored"));
    a.invalidationBus().publish(new InvalidationMessage(cacheName, Kind.PATTERN, "users:*", "ignored"));
    a.invalidationBus().publish(new InvalidationMessage(cacheName, Kind.ALL, "", "ignored"));

    assertThat(inboxB.poll(5, TimeUnit.SECONDS))
        .isEqualTo(new InvalidationMessage(cacheName, Kind.KEY, "user:1", "node-a"));
    assertThat(inboxB.poll(5, TimeUnit.SECONDS).kind()).isEqualTo(Kind.PATTERN);
    assertThat(inboxB.poll(5, TimeUnit.SECONDS).kind()).isEqualTo(Kind.ALL);
    // B published nothing; A's own three messages came back to A and were ignored.
    b.invalidationBus().publish(new InvalidationMessage(cacheName, Kind.KEY, "fence", "x"));
    assertThat(inboxA.poll(5, TimeUnit.SECONDS).value()).isEqualTo("fence");
    assertThat(inboxA).isEmpty();
    assertThat(a.stats().invalidationsSent()).isEqualTo(3);
    assertThat(b.stats().invalidationsReceived()).isEqualTo(3);
  }

  @Test
  void publish_manyMessages_p99DeliveryWithin100ms() throws Exception {
    RedisTier a = node("node-a");
    RedisTier b = node("node-b");
    subscribe(a);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    b.invalidationBus().subscribe(m -> arrivals.add(System.nanoTime()));
    await().atMost(Duration.ofSeconds(10)).until(() -> b.stats().subscribed());

    for (int i = 0; i < 200; i++) {
      long sent = System.nanoTime();
      a.invalidationBus().publish(new InvalidationMessage(cacheName, Kind.KEY, "k" + i, ""));
      Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
      assertThat(arrived).as("message %d arrived", i).isNotNull();
      latencies.add(arrived - sent);
    }

    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    long p50 = sorted.get(sorted.size() / 2);
    long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    System.out.printf("invalidation delivery A->B over Redis pub/sub: p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
        p50 / 1e6, p99 / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    assertThat(Duration.ofNanos(p99)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void foreignMessage_onChannel_isDroppedAndCounted() throws Exception {
    RedisTier b = node("node-b");
    LinkedBlockingQueue<InvalidationMessage> inbox = subscribe(b);
    try (Jedis raw = new Jedis(URI.create(RedisAvailableCondition.redisUrl()))) {
      raw.publish(b.config().invalidationChannel(), "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==");
    }
    RedisTier a = node("node-a");
    a.invalidationBus().publish(new InvalidationMessage(cacheName, Kind.KEY, "after", ""));

    assertThat(inbox.poll(5, TimeUnit.SECONDS).value()).isEqualTo("after");
    assertThat(inbox).isEmpty();
  }

  @Test
  void subscribe_twice_isRejected() {
    InvalidationBus bus = node("n").invalidationBus();
    bus.subscribe(m -> { });

    assertThatThrownBy(() -> bus.subscribe(m -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");
  }

  @Test
  void close_lastTierOfAConnection_stopsTheSubscriberThread() {
    // A private connection, so that no other test's tier keeps the shared subscriber alive.
    Set<Thread> before = subscriberThreads();
    RedisConnection connection = RedisConnection.shared(RedisConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .clientName("bus-close-" + cacheName.substring(4, 12)).build());
    RedisTier a = RedisTier.create(connection, RedisTierConfig.custom().cacheName(cacheName).nodeId("n").build());
    subscribe(a);
    Set<Thread> mine = subscriberThreads();
    mine.removeAll(before);
    assertThat(mine).hasSize(1).allMatch(Thread::isDaemon);

    a.close();
    assertThat(mine.iterator().next().isAlive()).as("the connection still holds its subscriber").isTrue();
    connection.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> !mine.iterator().next().isAlive());
  }

  private static Set<Thread> subscriberThreads() {
    Set<Thread> found = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("optimizer-redis-subscriber-") && t.isAlive()) {
        found.add(t);
      }
    }
    return found;
  }
}
