package dev.optimizer.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.spring.OptimizerAutoConfiguration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The README's Spring snippet (the example's repository) on a Spring bean, on the real PostgreSQL. */
class ReadmeSpringSnippetsTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(OptimizerAutoConfiguration.class, DataSourceAutoConfiguration.class,
          JdbcTemplateAutoConfiguration.class))
      .withPropertyValues("optimizer.monitoring.enabled=false",
          "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test", "spring.datasource.username=postgres",
          "spring.datasource.type=" + SimpleDriverDataSource.class.getName())
      .withBean(ProductRepository.class);

  @Test
  void repository_findIsCached_renameDropsTheEntry() {
    long id = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
    runner.run(ctx -> {
      JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
      jdbc.execute("create table if not exists optimizer_example_products (id bigint primary key, "
          + "name varchar(200) not null)");
      jdbc.update("insert into optimizer_example_products values (?, 'lamp')", id);
      try {
        ProductRepository products = ctx.getBean(ProductRepository.class);
        long before = products.queries();
        assertThat(products.find(id)).isEqualTo(new Product(id, "lamp"));
        assertThat(products.find(id)).isEqualTo(new Product(id, "lamp"));
        assertThat(products.queries()).isEqualTo(before + 1); // the second came from the cache
        products.rename(id, "desk");
        assertThat(products.find(id)).isEqualTo(new Product(id, "desk"));
      } finally {
        jdbc.update("delete from optimizer_example_products where id = ?", id);
      }
    });
  }
}
