package dev.optimizer.spring.readme;

import dev.optimizer.cache.CacheInvalidate;
import dev.optimizer.cache.CacheKey;
import dev.optimizer.cache.CacheResult;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

// The example application's repository (optimizer-examples/spring-boot), as README.md and
// docs/spring-boot.md quote it; ReadmeSpringSnippetsTest runs it on the real PostgreSQL.
// tag::repository[]
@Repository
public class ProductRepository {
  private final JdbcTemplate jdbc;
  private final AtomicLong queries = new AtomicLong();

  public ProductRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @CacheResult(cache = "products")
  public Product find(long id) {
    queries.incrementAndGet();
    return jdbc.queryForObject("select id, name from optimizer_example_products where id = ?",
        (rs, n) -> new Product(rs.getLong("id"), rs.getString("name")), id);
  }

  @CacheInvalidate(cache = "products")
  public void rename(@CacheKey long id, String name) {
    jdbc.update("update optimizer_example_products set name = ? where id = ?", name, id);
  }

  public long queries() {
    return queries.get();
  }
}
// end::repository[]
