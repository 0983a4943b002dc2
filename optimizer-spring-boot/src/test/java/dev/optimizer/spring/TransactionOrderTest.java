package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.cache.CacheResult;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caching advice runs outside {@code @Transactional} by default, so a hit opens no transaction (and
 * takes no pooled connection); {@code optimizer.advisor.order} moves it inside. Real PostgreSQL.
 */
class TransactionOrderTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false")
      .withUserConfiguration(Beans.class);

  /** Counts the transactions it begins. */
  static class CountingTransactionManager extends DataSourceTransactionManager {
    private static final long serialVersionUID = 1L;
    final AtomicInteger begun = new AtomicInteger();

    CountingTransactionManager(DataSource ds) {
      super(ds);
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
      begun.incrementAndGet();
      super.doBegin(transaction, definition);
    }
  }

  public static class Clock {
    final JdbcTemplate jdbc;

    public Clock(JdbcTemplate jdbc) {
      this.jdbc = jdbc;
    }

    @CacheResult(cache = "clock")
    @Transactional
    public String now(String zone) {
      return jdbc.queryForObject("select now()::text", String.class) + " " + zone;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableTransactionManagement(order = 100)
  static class Beans {
    @Bean
    DataSource dataSource() {
      return new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://127.0.0.1:5432/test",
          "postgres", "");
    }

    @Bean
    CountingTransactionManager transactionManager(DataSource ds) {
      return new CountingTransactionManager(ds);
    }

    @Bean
    Clock clock(DataSource ds) {
      return new Clock(new JdbcTemplate(ds));
    }
  }

  @Test
  void defaultOrder_cacheOutsideTransaction_aHitBeginsNone() {
    runner.run(ctx -> {
      Clock clock = ctx.getBean(Clock.class);
      CountingTransactionManager tx = ctx.getBean(CountingTransactionManager.class);
      String first = clock.now("utc");
      assertThat(clock.now("utc")).isEqualTo(first);
      assertThat(tx.begun).hasValue(1);
    });
  }

  @Test
  void orderAfterTransactions_cacheInside_aHitStillBeginsOne() {
    runner.withPropertyValues("optimizer.advisor.order=200").run(ctx -> {
      Clock clock = ctx.getBean(Clock.class);
      CountingTransactionManager tx = ctx.getBean(CountingTransactionManager.class);
      String first = clock.now("utc");
      assertThat(clock.now("utc")).isEqualTo(first);
      assertThat(tx.begun).hasValue(2);
    });
  }
}
