package dev.optimizer.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.redis.RedisUnavailableException.Reason;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The shared connection on the real Redis: scripts, busy versus down, sharing, subscribers, close. */
@RequiresRedis
class RedisConnectionTest {

  private static RedisConfig.Builder config() {
    return RedisConfig.custom().uri(RedisAvailableCondition.redisUrl());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void eval_scriptUnknownToServer_runsByEvalThenBySha() {
    String key = "optimizer:test:" + UUID.randomUUID();
    RedisScript incr = RedisScript.of("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    try (RedisConnection connection = RedisConnection.create(config().build());
        Jedis admin = new Jedis(java.net.URI.create(RedisAvailableCondition.redisUrl()))) {
      admin.scriptFlush(); // NOSCRIPT on the first EVALSHA: the fallback must send the body once

      Object first = connection.execute("incr", c -> c.eval(incr, List.of(bytes(key)), List.of(bytes("2"))));
      Object second = connection.execute("incr", c -> c.eval(incr, List.of(bytes(key)), List.of(bytes("3"))));

      assertThat(first).isEqualTo(2L);
      assertThat(second).isEqualTo(5L);
      assertThat(admin.scriptExists(incr.sha1())).as("the server caches the script under its SHA-1").isTrue();
      assertThat(incr.sha1()).hasSize(40);
      admin.del(key);
    }
  }

  @Test
  void execute_allConnectionsBusy_failsBusyAndNeverOpensTheCircuit() throws Exception {
    String name = "busy-" + UUID.randomUUID().toString().substring(0, 8);
    try (RedisConnection connection = RedisConnection.create(config().poolSize(1).clientName(name)
            .borrowTimeout(Duration.ofMillis(20)).failureThreshold(1).build());
        Jedis admin = new Jedis(java.net.URI.create(RedisAvailableCondition.redisUrl()))) {
      // The pool's one connection blocks in BLPOP on the server for a second.
      Thread holder = new Thread(() -> connection.execute("hold",
          c -> c.client().blpop(1.0, "optimizer:test:" + name)));
      holder.start();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> admin.clientList().lines().anyMatch(l -> l.contains("name=" + name) && l.contains("cmd=blpop")));
      try {
        for (int i = 0; i < 5; i++) {
          assertThatThrownBy(() -> connection.execute("get", c -> c.get(bytes("k"))))
              .isInstanceOf(RedisUnavailableException.class)
              .extracting(e -> ((RedisUnavailableException) e).reason()).isEqualTo(Reason.BUSY);
        }
      } finally {
        holder.join(10_000);
      }
      RedisConnectionStats stats = connection.stats();
      assertThat(stats.busy()).isEqualTo(5);
      assertThat(stats.outages()).as("failureThreshold is 1, yet busy never counts").isZero();
      assertThat(stats.circuit()).isEqualTo("CLOSED");
      assertThat(connection.<byte[]>execute("get", c -> c.get(bytes("missing")))).isNull();
    }
  }

  @Test
  void execute_budgetSpent_notSentAndCountedOverBudget() {
    try (RedisConnection connection = RedisConnection.create(config().build())) {
      RedisBudget budget = connection.budget();
      budget.charge(budget.remainingNanos()); // as if earlier round trips had used it all

      assertThatThrownBy(() -> connection.execute("get", budget, c -> c.get(bytes("k"))))
          .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("budget")
          .extracting(e -> ((RedisUnavailableException) e).reason()).isEqualTo(Reason.OVER_BUDGET);
      assertThat(connection.stats().overBudget()).isEqualTo(1);
    }
  }

  @Test
  void execute_commandRefused_isRefusedNotDown() {
    try (RedisConnection connection = RedisConnection.create(config().failureThreshold(1).build())) {
      assertThatThrownBy(() -> connection.execute("bad", c -> c.eval(RedisScript.of("return redis.error_reply('NOPE')"),
          List.of(), List.of())))
          .isInstanceOf(RedisUnavailableException.class)
          .extracting(e -> ((RedisUnavailableException) e).reason()).isEqualTo(Reason.REFUSED);
      assertThat(connection.stats().circuit()).isEqualTo("CLOSED");
    }
  }

  @Test
  void shared_equalSettings_oneConnectionClosedWithItsLastHandle() {
    RedisConfig settings = config().clientName("shared-" + UUID.randomUUID().toString().substring(0, 8)).build();
    RedisConnection a = RedisConnection.shared(settings);
    RedisConnection b = RedisConnection.shared(RedisConfig.custom().uri(RedisAvailableCondition.redisUrl())
        .clientName(settings.clientName().orElseThrow()).build());
    assertThat(b).isSameAs(a);

    a.close();
    assertThat(b.<byte[]>execute("get", c -> c.get(bytes("missing")))).as("one handle still open").isNull();
    b.close();

    assertThatThrownBy(() -> b.execute("get", c -> c.get(bytes("missing"))))
        .isInstanceOf(RedisUnavailableException.class)
        .extracting(e -> ((RedisUnavailableException) e).reason()).isEqualTo(Reason.CLOSED);
    assertThatThrownBy(() -> b.subscribe("ch", payload -> { })).isInstanceOf(IllegalStateException.class);
    RedisConnection fresh = RedisConnection.shared(settings);
    assertThat(fresh).as("a closed shared connection is not handed out again").isNotSameAs(a);
    fresh.close();
  }

  @Test
  void subscribe_twoListenersOnOneChannel_bothReceiveAndClosingOneKeepsTheOther() throws Exception {
    String channel = "optimizer:test:" + UUID.randomUUID();
    try (RedisConnection connection = RedisConnection.create(config().build())) {
      LinkedBlockingQueue<String> first = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<String> second = new LinkedBlockingQueue<>();
      RedisSubscription s1 = connection.subscribe(channel, p -> first.add(new String(p, StandardCharsets.UTF_8)));
      connection.subscribe(channel, p -> second.add(new String(p, StandardCharsets.UTF_8)));
      await().atMost(Duration.ofSeconds(10)).until(() -> connection.stats().subscribed());
      // The channel's SUBSCRIBE may still be in flight after the heartbeat channel's: publish until heard.
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        connection.execute("publish", c -> {
          c.publish(bytes(channel), bytes("hello"));
          return null;
        });
        return first.poll(50, TimeUnit.MILLISECONDS) != null;
      });
      assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
      second.clear();

      s1.close();
      s1.close(); // idempotent
      connection.execute("publish", c -> {
        c.publish(bytes(channel), bytes("after"));
        return null;
      });
      assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo("after");
      assertThat(first.poll(200, TimeUnit.MILLISECONDS)).as("closed listener").isNull();
      assertThat(connection.stats().subscribedChannels()).isEqualTo(1);
    }
  }

  @Test
  void bindTo_registry_exposesCallsByResultTaggedByServer() {
    try (RedisConnection connection = RedisConnection.create(config().build())) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      connection.bindTo(registry);
      connection.bindTo(registry); // binding twice does nothing
      connection.execute("get", c -> c.get(bytes("missing")));

      assertThat(registry.get("optimizer.redis.calls").tag("result", "ok").tag("server", connection.server())
          .functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.get("optimizer.redis.latency").timer().count()).isEqualTo(1);
      assertThat(registry.get("optimizer.redis.circuit.state").gauge().value()).isZero();
    }
  }

  // Issue 12, one metrics pattern.
  @Test
  void stats_afterCalls_reportsCallsAndClosedCircuit() {
    try (RedisConnection connection = RedisConnection.create(config().build())) {
      connection.execute("ping", c -> c.get(bytes("optimizer:test:absent")));
      connection.execute("ping", c -> c.get(bytes("optimizer:test:absent")));

      RedisConnectionStats s = connection.stats();
      assertThat(s.calls()).isEqualTo(2);
      assertThat(s.errors()).isZero();
      assertThat(s.circuit()).isEqualTo("CLOSED");
    }
  }

  @Test
  void create_withRegistryAround_registersNothingUntilBound() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    io.micrometer.core.instrument.Metrics.addRegistry(registry);
    try (RedisConnection connection = RedisConnection.create(config().build())) {
      connection.execute("ping", c -> c.get(bytes("optimizer:test:absent")));
      assertThat(registry.getMeters()).isEmpty();

      connection.metrics().bindTo(registry);
      assertThat(registry.getMeters()).isNotEmpty();
    } finally {
      io.micrometer.core.instrument.Metrics.removeRegistry(registry);
    }
  }

  @Test
  void metrics_bound_exposesDocumentedMetersTaggedWithServer() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (RedisConnection connection = RedisConnection.create(config().build())) {
      connection.metrics().bindTo(registry);
      connection.execute("ping", c -> c.get(bytes("optimizer:test:absent")));

      assertThat(registry.getMeters()).allSatisfy(m -> {
        assertThat(m.getId().getName()).startsWith("optimizer.redis.");
        assertThat(m.getId().getTag("server")).isEqualTo(connection.server());
      });
      assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("optimizer.redis.calls",
          "optimizer.redis.outages", "optimizer.redis.circuit.state", "optimizer.redis.latency",
          "optimizer.redis.subscriber.channels", "optimizer.redis.subscriber.lost",
          "optimizer.redis.subscriber.resubscribes");
      assertThat(registry.get("optimizer.redis.calls").tag("result", "ok").functionCounter().count()).isEqualTo(1);
    }
  }
}
