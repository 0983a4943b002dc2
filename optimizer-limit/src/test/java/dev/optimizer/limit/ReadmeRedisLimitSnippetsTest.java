package dev.optimizer.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis snippet of docs/limit.md, run against the shared Redis. */
@RequiresRedis
class ReadmeRedisLimitSnippetsTest {
  @Test
  void redisSnippet_sharedRate_sixAdmittedThenRefused() {
    RedisConfig config = RedisConfig.custom().uri(RedisAvailableCondition.redisUrl()).build();
    String clientId = UUID.randomUUID().toString();
    // tag::limit-redis[]
    RedisConnection redis = RedisConnection.shared(config);   // the application's one connection
    RateLimiter chat = RedisRateLimiter.create("chat", redis, RateLimiterConfig.custom()
            .rate("10/1m").burst(5).failurePolicy(FailurePolicy.FAIL_CLOSED).build());
    boolean allowed = chat.tryAcquire(clientId).allowed();    // one EVALSHA, on Redis's clock
    // end::limit-redis[]
    try {
      assertThat(allowed).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(chat.tryAcquire(clientId).allowed()).isTrue();
      }
      RateLimitDecision refused = chat.tryAcquire(clientId);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.fallback()).isFalse();
    } finally {
      chat.close();
      redis.close();
    }
  }
}
