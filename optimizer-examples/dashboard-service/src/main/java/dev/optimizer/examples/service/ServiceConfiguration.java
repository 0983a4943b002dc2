package dev.optimizer.examples.service;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.RedisJobStore;
import dev.optimizer.batch.RedisJobStoreConfig;
import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import java.time.Duration;
import java.net.URI;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import redis.clients.jedis.RedisClient;

/** The service's beans beside the ones the starter configures. */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {
  /** Counts SQL statements; static so it wraps the DataSource before anyone uses it. */
  @Bean
  static QueryCounter queryCounter() {
    return new QueryCounter();
  }

  /** The JdbcTemplate, after the schema and seed are in place. */
  @Bean
  JdbcTemplate jdbcTemplate(DataSource dataSource) {
    ReferenceDatabase.seed(dataSource);
    return new JdbcTemplate(dataSource);
  }

  /** The service's own Redis client (the report's storage), on or off. */
  @Bean(destroyMethod = "close")
  RedisClient referenceRedis(@Value("${optimizer.redis.url}") String url) {
    return RedisClient.create(URI.create(url));
  }

  /**
   * What the optimizer adds when it is on: its Redis connection with this host's timeouts, and the job store
   * on it. The starter builds the limit module on the same connection ({@code optimizer.limit.redis=true}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "optimizer", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class OptimizerModules {
    /**
     * The optimizer's Redis connection with timeouts for a busy shared host (2 s socket, 1 s borrow); the
     * library's defaults (250 ms / 500 ms) suit a dedicated one.
     */
    @Bean(destroyMethod = "close")
    RedisConnection optimizerRedisConnection(@Value("${optimizer.redis.url}") String url) {
      return RedisConnection.create(RedisConfig.custom().uri(url).socketTimeout(Duration.ofSeconds(2))
          .connectTimeout(Duration.ofSeconds(1)).borrowTimeout(Duration.ofSeconds(1)).build());
    }

    @Bean(destroyMethod = "")
    BatchModule optimizerBatchModule(RedisConnection redis,
        @Value("${ref.redis.namespace:optimizer-ref}") String namespace) {
      return new BatchModule(BatchConfig.custom().name("ref").jobStore(RedisJobStore.create(redis,
          RedisJobStoreConfig.custom().namespace(namespace + "-jobs").build())).build());
    }
  }
}
