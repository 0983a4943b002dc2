package dev.optimizer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.optimizer.cache.CacheInvalidate;
import dev.optimizer.cache.CacheKey;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.redis.testing.RequiresRedis;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.util.AopTestUtils;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cache writes of a transaction happen after it commits and never when it rolls back, on both nodes:
 * two Spring contexts on one Redis, over the real PostgreSQL with Spring JDBC.
 */
@RequiresRedis
class TransactionalCacheWritesTest {
  static final String TABLE = "optimizer_spring_tx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private final ApplicationContextRunner node = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class, DataSourceAutoConfiguration.class,
          DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
          org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false", "optimizer.redis.url="
          + RedisAvailableCondition.redisUrl(), "spring.datasource.url=" + URL, "spring.datasource.username=postgres",
          "spring.datasource.type=" + SimpleDriverDataSource.class.getName(), "accounts.table=" + TABLE)
      .withUserConfiguration(Beans.class);

  @BeforeAll
  static void createTable() {
    jdbc().execute("create table " + TABLE + " (id varchar(64) primary key, balance int not null)");
  }

  @AfterAll
  static void dropTable() {
    jdbc().execute("drop table if exists " + TABLE);
  }

  private static JdbcTemplate jdbc() {
    return new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), URL, "postgres", ""));
  }

  /** Reads and writes balances; the cache effects of writes follow the caller's transaction. */
  public static class Accounts {
    final JdbcTemplate jdbc;
    final String table;
    final AtomicInteger loads = new AtomicInteger();

    public Accounts(JdbcTemplate jdbc, String table) {
      this.jdbc = jdbc;
      this.table = table;
    }

    @CacheResult(cache = "balances")
    public Integer balance(String id) {
      loads.incrementAndGet();
      return jdbc.queryForObject("select balance from " + table + " where id = ?", Integer.class, id);
    }

    @CacheInvalidate(cache = "balances")
    public void setBalance(@CacheKey String id, int balance) {
      jdbc.update("update " + table + " set balance = ? where id = ?", balance, id);
    }
  }

  /** The transaction boundary, one bean out, as services usually are. */
  public static class Transfers {
    final Accounts accounts;

    public Transfers(Accounts accounts) {
      this.accounts = accounts;
    }

    @Transactional
    public Integer update(String id, int balance, boolean fail) {
      accounts.setBalance(id, balance);
      Integer seenInside = accounts.balance(id); // still the cached value: the drop waits for the commit
      if (fail) {
        throw new IllegalStateException("rolled back on purpose");
      }
      return seenInside;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    Accounts accounts(JdbcTemplate jdbc, org.springframework.core.env.Environment env) {
      return new Accounts(jdbc, env.getRequiredProperty("accounts.table"));
    }

    @Bean
    Transfers transfers(Accounts accounts) {
      return new Transfers(accounts);
    }
  }

  @Test
  void rolledBackUpdate_leavesTheCachedValueOnBothNodes_committedOneInvalidatesBoth() {
    String id = "acct-" + UUID.randomUUID();
    String marker = "marker-" + UUID.randomUUID();
    jdbc().update("insert into " + TABLE + " values (?, 100), (?, 1)", id, marker);
    node.run(a -> node.run(b -> {
      Accounts accountsA = a.getBean(Accounts.class);
      Accounts accountsB = b.getBean(Accounts.class);
      Accounts stateA = AopTestUtils.getTargetObject(accountsA);
      Accounts stateB = AopTestUtils.getTargetObject(accountsB);
      assertThat(accountsA.balance(id)).isEqualTo(100);
      assertThat(accountsB.balance(id)).isEqualTo(100);
      assertThat(accountsB.balance(marker)).isEqualTo(1);
      int loadsA = stateA.loads.get();
      int loadsB = stateB.loads.get();

      assertThatThrownBy(() -> a.getBean(Transfers.class).update(id, 200, true))
          .isInstanceOf(IllegalStateException.class);
      assertThat(jdbc().queryForObject("select balance from " + TABLE + " where id = ?", Integer.class, id))
          .isEqualTo(100);
      // A committed invalidation published after the rollback: once B has it, B would have had any
      // invalidation published before it (one channel, in order).
      a.getBean(Transfers.class).update(marker, 2, false);
      await().atMost(Duration.ofSeconds(20)).until(() -> accountsB.balance(marker) == 2);
      int markerLoadsB = stateB.loads.get() - loadsB;

      assertThat(accountsA.balance(id)).isEqualTo(100);
      assertThat(accountsB.balance(id)).isEqualTo(100);
      // (A read the marker inside its transaction from L2, where B had put it: no load.)
      assertThat(stateA.loads.get()).as("node A kept its entry").isEqualTo(loadsA);
      assertThat(stateB.loads.get()).as("node B kept its entry").isEqualTo(loadsB + markerLoadsB);

      Integer seenInside = a.getBean(Transfers.class).update(id, 300, false);
      assertThat(seenInside).isEqualTo(100);
      assertThat(accountsA.balance(id)).isEqualTo(300);
      await().atMost(Duration.ofSeconds(20)).until(() -> accountsB.balance(id) == 300);
    }));
  }

  @Test
  void withoutTransaction_invalidatesAtOnce() {
    String id = "acct-" + UUID.randomUUID();
    jdbc().update("insert into " + TABLE + " values (?, 5)", id);
    node.run(a -> {
      Accounts accounts = a.getBean(Accounts.class);
      assertThat(accounts.balance(id)).isEqualTo(5);
      accounts.setBalance(id, 6);
      assertThat(accounts.balance(id)).isEqualTo(6);
    });
  }
}
