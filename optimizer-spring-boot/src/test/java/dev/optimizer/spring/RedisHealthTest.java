package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheModule;
import dev.optimizer.cache.TieredCache;
import dev.optimizer.redis.testing.RedisServerProcess;
import dev.optimizer.spring.internal.OptimizerHealthIndicator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health contributor reports a Redis server whose circuit opened: a private redis-server, killed. */
class RedisHealthTest {
  @Test
  void redisKilled_l2Unavailable_healthDegradedNamingTheCache_callsStillServed() throws Exception {
    RedisServerProcess.assumeInstalled(false);
    try (RedisServerProcess server = RedisServerProcess.start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class,
              OptimizerActuatorAutoConfiguration.class))
          .withPropertyValues("optimizer.monitoring.enabled=false", "optimizer.redis.url=" + server.url())
          .run(ctx -> {
            OptimizerHealthIndicator health = ctx.getBean(OptimizerHealthIndicator.class);
            TieredCache<String, Object> cache = ctx.getBean(CacheModule.class).cache("remote");
            cache.put("a", "1");
            Health before = health.health(true);
            assertThat(before.getStatus()).isEqualTo(Status.UP);
            assertThat(before.getDetails().get("l2").toString()).contains("CLOSED");

            server.kill();
            AtomicInteger n = new AtomicInteger();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
              // Misses go to L2; the failures open the circuit. The caller still gets its value.
              String key = "k" + n.incrementAndGet();
              assertThat(cache.get(key, k -> "v-" + k)).isEqualTo("v-" + key);
              return health.health(true).getStatus().equals(OptimizerHealthIndicator.DEGRADED);
            });
            Health after = health.health(true);
            // The cache's L2 slot opened its breaker: the cache names it; the server is still listed.
            assertThat(after.getDetails().get("l2Caches").toString()).contains("remote=unavailable");
            assertThat(after.getDetails().get("l2").toString()).contains("127.0.0.1:" + server.port());
          });
    }
  }
}
