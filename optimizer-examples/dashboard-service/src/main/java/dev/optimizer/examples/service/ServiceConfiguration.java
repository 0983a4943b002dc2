package dev.optimizer.examples.service;

import dev.optimizer.batch.BatchConfig;
import dev.optimizer.batch.BatchModule;
import dev.optimizer.batch.RedisJobStore;
import dev.optimizer.batch.RedisJobStoreConfig;
import dev.optimizer.redis.RedisConnection;
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
   * What the optimizer adds when it is on: the job store on the starter's shared Redis connection (the
   * starter also builds the limit module on it: {@code optimizer.limit.redis=true}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "optimizer", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class OptimizerModules {
    @Bean(destroyMethod = "")
    BatchModule optimizerBatchModule(RedisConnection redis,
        @Value("${ref.redis.namespace:optimizer-ref}") String namespace) {
      return new BatchModule(BatchConfig.custom().name("ref").jobStore(RedisJobStore.create(redis,
          RedisJobStoreConfig.custom().namespace(namespace + "-jobs").build())).build());
    }
  }
}
