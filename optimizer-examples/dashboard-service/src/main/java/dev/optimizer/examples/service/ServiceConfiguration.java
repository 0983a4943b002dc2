package dev.optimizer.examples.service;

import java.net.URI;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
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
}
