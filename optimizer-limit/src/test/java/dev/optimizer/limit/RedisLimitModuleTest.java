package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The module deciding through Redis: given a connection, or the shared one from settings. */
@RequiresRedis
class RedisLimitModuleTest {
  /** The service. */
  public interface Api {
    @RateLimit(name = "redis-api", rate = "1/1h", key = "{0}")
    String call(String client);
  }

  private static final Api TARGET = client -> "ok";

  @Test
  void withRedis_twoOptimizersOnOneRedis_shareTheRate() {
    String client = UUID.randomUUID().toString();
    OptimizerConfig config = OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).build();
    try (RedisConnection c = RedisConnection.create(RedisAvailableCondition.redisUrl());
        Optimizer a = Optimizer.builder().config(config).module(LimitModule.withRedis(c)).build();
        Optimizer b = Optimizer.builder().config(config).module(LimitModule.withRedis(c)).build()) {
      assertThat(a.proxy(Api.class, TARGET).call(client)).isEqualTo("ok");
      assertThatThrownBy(() -> b.proxy(Api.class, TARGET).call(client)).isInstanceOf(RateLimitedException.class);
      assertThat(b.meterRegistry().get("optimizer.limit.rate.redis.latency").timer().count()).isEqualTo(1);
    }
  }

  @Test
  void redisSetting_usesTheSharedConnectionOfTheRedisSettings() {
    Properties props = new Properties();
    props.setProperty("optimizer.limit.redis", "true");
    props.setProperty("optimizer.redis.url", RedisAvailableCondition.redisUrl());
    String client = UUID.randomUUID().toString();
    try (Optimizer a = Optimizer.builder().config(OptimizerConfig.custom().environment(Map.of()).systemProperties(props)
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build()) {
      Api api = a.proxy(Api.class, TARGET);
      assertThat(api.call(client)).isEqualTo("ok");
      assertThatThrownBy(() -> api.call(client)).isInstanceOf(RateLimitedException.class);
      assertThat(a.module(LimitModule.class).rateLimiter("redis-api", RateLimiterConfig.ofDefaults()).stats().redisCalls())
          .isEqualTo(2);
    }
  }
}
