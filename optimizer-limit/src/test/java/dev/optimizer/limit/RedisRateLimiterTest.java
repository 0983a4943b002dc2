package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.core.testing.FakeTicker;
import dev.optimizer.limit.internal.RedisGcraLimiter;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisServerProcess;
import dev.optimizer.redis.testing.RequiresRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The Redis rate limiter against a private redis-server, so that its command counts are ours alone. */
@RequiresRedis
class RedisRateLimiterTest {
  private static RedisServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    server = RedisServerProcess.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RedisConfig.Builder fast(String url) {
    // A small budget: 50 ms per timeout, so one decision spends at most 200 ms (the round trip bound) on Redis.
    return RedisConfig.custom().uri(url).connectTimeout(Duration.ofMillis(50)).socketTimeout(Duration.ofMillis(50))
        .borrowTimeout(Duration.ofMillis(50)).callBudget(Duration.ofMillis(250)).subscriptionHeartbeat(Duration.ZERO);
  }

  static Map<String, Long> commandCalls(String host, int port) {
    Map<String, Long> calls = new HashMap<>();
    try (Jedis jedis = new Jedis(host, port)) {
      for (String line : jedis.info("commandstats").split("\r?\n")) {
        if (line.startsWith("cmdstat_")) {
          String name = line.substring(8, line.indexOf(':'));
          String v = line.substring(line.indexOf("calls=") + 6);
          calls.put(name, Long.parseLong(v.substring(0, v.indexOf(','))));
        }
      }
    }
    return calls;
  }

  @Test
  void tryAcquire_everyDecision_isExactlyOneEvalshaRoundTrip() {
    try (RedisConnection connection = RedisConnection.create(fast(server.url()).build())) {
      RateLimiter limiter = RedisRateLimiter.create("count", connection,
          RateLimiterConfig.custom().rate("100/1s").burst(10).deniedCache(false).build());
      limiter.tryAcquire("warm"); // loads the script on this fresh server (EVALSHA refused, then one EVAL)
      try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
        jedis.configResetStat();
      }
      long allowed = 0;
      for (int i = 0; i < 1000; i++) {
        if (limiter.tryAcquire("k" + (i % 3)).allowed()) {
          allowed++;
        }
      }
      Map<String, Long> calls = commandCalls("127.0.0.1", server.port());
      calls.remove("config|resetstat");
      calls.remove("config");
      calls.remove("info");
      // commandstats also counts the commands a script runs inside Redis: TIME and GET on every decision,
      // SET on every admission. The client sent one EVALSHA per decision and nothing else.
      assertThat(calls).containsOnlyKeys("evalsha", "time", "get", "set");
      assertThat(calls.get("evalsha")).isEqualTo(1000L);
      assertThat(calls.get("time")).isEqualTo(1000L);
      assertThat(calls.get("get")).isEqualTo(1000L);
      assertThat(calls.get("set")).isEqualTo(allowed);
      assertThat(allowed).as("some admitted, some refused").isBetween(33L, 999L);
      assertThat(limiter.stats().redisCalls()).isEqualTo(1001);
    }
  }

  @Test
  void tryAcquire_twoNodesOnOneKey_shareOneRateAndBurst() {
    try (RedisConnection a = RedisConnection.create(fast(server.url()).build());
        RedisConnection b = RedisConnection.create(fast(server.url()).build())) {
      RateLimiterConfig config = RateLimiterConfig.custom().rate("10/1m").burst(5).deniedCache(false).build();
      RateLimiter nodeA = RedisRateLimiter.create("shared", a, config);
      RateLimiter nodeB = RedisRateLimiter.create("shared", b, config);
      int allowed = 0;
      for (int i = 0; i < 20; i++) {
        RateLimitDecision d = (i % 2 == 0 ? nodeA : nodeB).tryAcquire("client-7");
        if (d.allowed()) {
          allowed++;
          assertThat(d.remaining()).isEqualTo(6 - allowed);
        } else {
          assertThat(d.retryAfter()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
          assertThat(d.fallback()).isFalse();
        }
      }
      assertThat(allowed).isEqualTo(6);
      try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
        assertThat(jedis.exists("optimizer:limit:{shared:client-7}")).as("hash-tagged key").isTrue();
        assertThat(jedis.pttl("optimizer:limit:{shared:client-7}")).isBetween(30_000L, 36_002L);
      }
    }
  }

  @Test
  void decide_returnsTheServersTime() {
    try (RedisConnection c = RedisConnection.create(fast(server.url()).build());
        Jedis jedis = new Jedis("127.0.0.1", server.port())) {
      RedisGcraLimiter limiter = (RedisGcraLimiter) RedisRateLimiter.create("time", c, RateLimiterConfig.ofDefaults());
      List<String> before = jedis.time();
      long serverMicros = limiter.decide("k").serverMicros();
      List<String> after = jedis.time();
      assertThat(serverMicros).isBetween(Long.parseLong(before.get(0)) * 1_000_000 + Long.parseLong(before.get(1)),
          Long.parseLong(after.get(0)) * 1_000_000 + Long.parseLong(after.get(1)));
    }
  }

  @Test
  void deniedCache_hotKeyOverItsRate_isRefusedLocallyUntilRetryAfter() {
    FakeTicker ticker = new FakeTicker();
    try (RedisConnection c = RedisConnection.create(fast(server.url()).build())) {
      RateLimiter limiter = RedisRateLimiter.create("hot", c,
          RateLimiterConfig.custom().rate("1/1h").ticker(ticker).build());
      assertThat(limiter.tryAcquire("k").allowed()).isTrue();
      RateLimitDecision refused = limiter.tryAcquire("k");
      assertThat(refused.allowed()).isFalse();
      for (int i = 0; i < 100; i++) {
        RateLimitDecision local = limiter.tryAcquire("k");
        assertThat(local.allowed()).isFalse();
        assertThat(local.retryAfter()).isPositive().isLessThanOrEqualTo(refused.retryAfter());
      }
      assertThat(limiter.stats().redisCalls()).isEqualTo(2);
      assertThat(limiter.stats().deniedLocally()).isEqualTo(100);
      assertThat(limiter.tryAcquire("other").allowed()).isTrue();
      ticker.advance(refused.retryAfter());
      limiter.tryAcquire("k");
      assertThat(limiter.stats().redisCalls()).as("asks Redis again once retry-after passed").isEqualTo(4);
    }
  }

  @Test
  void redisKilled_failOpenAndFailClosed_holdWithinTheBudgetAndRecover() throws Exception {
    try (RedisServerProcess own = RedisServerProcess.start();
        RedisConnection c = RedisConnection.create(fast(own.url()).probeInterval(Duration.ofMillis(50),
            Duration.ofMillis(200)).build())) {
      RateLimiter open = RedisRateLimiter.create("open", c, RateLimiterConfig.custom().rate("1/1h").build());
      RateLimiter closed = RedisRateLimiter.create("closed", c,
          RateLimiterConfig.custom().rate("100/1h").failurePolicy(FailurePolicy.FAIL_CLOSED).build());
      assertThat(open.tryAcquire("k").allowed()).isTrue();
      assertThat(open.tryAcquire("k").allowed()).isFalse();
      own.kill();
      long slowest = 0;
      for (int i = 0; i < 200; i++) {
        long t0 = System.nanoTime();
        RateLimitDecision o = open.tryAcquire("fresh" + i);
        RateLimitDecision cl = closed.tryAcquire("fresh" + i);
        slowest = Math.max(slowest, System.nanoTime() - t0);
        assertThat(o.allowed()).isTrue();
        assertThat(o.fallback()).isTrue();
        assertThat(o.remaining()).isEqualTo(-1);
        assertThat(cl.allowed()).isFalse();
        assertThat(cl.fallback()).isTrue();
        assertThat(cl.retryAfter()).isPositive();
      }
      assertThat(Duration.ofNanos(slowest)).as("two decisions, each within the 250 ms budget")
          .isLessThan(Duration.ofMillis(2 * 250 + 100));
      assertThat(open.stats().fallbacks()).isEqualTo(200);
      assertThat(closed.stats().fallbacks()).isEqualTo(200);
      assertThat(closed.stats().denied()).isEqualTo(200);

      own.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> !closed.tryAcquire("back").fallback());
      assertThat(closed.tryAcquire("back2").allowed()).isTrue();
    }
  }

  @Test
  void redisFrozen_decisionsStayWithinTheBudget() throws Exception {
    try (RedisServerProcess own = RedisServerProcess.start();
        RedisConnection c = RedisConnection.create(fast(own.url()).build())) {
      RateLimiter limiter = RedisRateLimiter.create("frozen", c,
          RateLimiterConfig.custom().rate("10/1s").failurePolicy(FailurePolicy.FAIL_CLOSED).build());
      assertThat(limiter.tryAcquire("k").allowed()).isTrue();
      own.signal("STOP");
      try {
        long slowest = 0;
        for (int i = 0; i < 20; i++) {
          long t0 = System.nanoTime();
          RateLimitDecision d = limiter.tryAcquire("k" + i);
          slowest = Math.max(slowest, System.nanoTime() - t0);
          assertThat(d.allowed()).isFalse();
          assertThat(d.fallback()).isTrue();
        }
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(250 + 100));
      } finally {
        own.signal("CONT");
      }
    }
  }
}
