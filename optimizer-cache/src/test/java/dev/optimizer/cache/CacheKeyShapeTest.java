package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whether a key-form {@code @CacheInvalidate} addresses the entries its {@code @CacheResult} siblings made. */
class CacheKeyShapeTest {
  private Optimizer optimizer;

  @AfterEach
  void close() {
    if (optimizer != null) {
      optimizer.close();
    }
  }

  private Optimizer optimizer() {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .module(new CacheModule(CacheModuleConfig.ofDefaults())).build();
    return optimizer;
  }

  private CacheModule module() {
    return optimizer.module(CacheModule.class);
  }

  public record User(String id, String name) {}

  /** The README's example as it was: update keys on (id, user), find on (id). */
  public interface StaleUsers {
    @CacheResult(cache = "users")
    User find(String id);

    @CacheInvalidate(cache = "users")
    void update(String id, User user);
  }

  /** The README's example as it is now. */
  public interface FixedUsers {
    @CacheResult(cache = "users")
    User find(String id);

    @CacheInvalidate(cache = "users")
    void update(@CacheKey String id, User user);
  }

  /** Keys on a primitive where the reader has the boxed type: the same canonical form. */
  public interface Prices {
    @CacheResult(cache = "prices")
    String price(Long sku);

    @CacheInvalidate(cache = "prices")
    void reprice(long sku);

    @CacheInvalidate(cache = "prices", pattern = "{0}*")
    void repriceAll(String prefix, int reason);
  }

  static final class Repository implements StaleUsers, FixedUsers {
    final Map<String, User> rows = new ConcurrentHashMap<>();
    final AtomicInteger finds = new AtomicInteger();

    @Override
    public User find(String id) {
      finds.incrementAndGet();
      return rows.get(id);
    }

    @Override
    public void update(String id, User user) {
      rows.put(id, user);
    }
  }

  // Regression: issue 11 item 5
  @Test
  void invalidate_cacheKeyOnIdOnly_dropsFindEntryAndNextFindReadsNewValue() {
    Repository repo = new Repository();
    repo.rows.put("42", new User("42", "Ada"));
    FixedUsers users = optimizer().proxy(FixedUsers.class, repo);
    assertThat(users.find("42").name()).isEqualTo("Ada");
    assertThat(users.find("42").name()).isEqualTo("Ada");
    assertThat(repo.finds).as("second find served from the cache").hasValue(1);
    assertThat(module().cache("users").getIfPresent("42")).isEqualTo(new User("42", "Ada"));

    users.update("42", new User("42", "Grace"));

    assertThat(module().cache("users").getIfPresent("42")).as("entry dropped from L1").isNull();
    assertThat(users.find("42").name()).isEqualTo("Grace");
    assertThat(repo.finds).hasValue(2);
  }

  // Regression: issue 11 item 5
  @Test
  void proxy_invalidateKeyingOnMoreParametersThanResult_warnsNamingBothMethods() {
    optimizer().proxy(StaleUsers.class, new Repository());
    assertThat(module().keyMismatchWarnings()).singleElement().asString()
        .contains("@CacheInvalidate(cache = \"users\")")
        .contains(StaleUsers.class.getName() + ".update(String, User)")
        .contains("keys on (String, User)")
        .contains("@CacheResult " + StaleUsers.class.getName() + ".find(String) keys on (String)")
        .contains("served stale")
        .contains("@CacheKey");
  }

  // Regression: issue 11 item 5
  @Test
  void proxy_invalidateWithSameKeyShapeAsResult_noWarning() {
    optimizer().proxy(FixedUsers.class, new Repository());
    optimizer.proxy(Prices.class, new Prices() {
      @Override
      public String price(Long sku) {
        return "p" + sku;
      }

      @Override
      public void reprice(long sku) {}

      @Override
      public void repriceAll(String prefix, int reason) {}
    });
    assertThat(module().keyMismatchWarnings()).isEmpty();
  }

  @Test
  void proxy_sameMismatchProxiedTwice_warnsOnce() {
    optimizer().proxy(StaleUsers.class, new Repository());
    optimizer.proxy(StaleUsers.class, new Repository());
    assertThat(module().keyMismatchWarnings()).hasSize(1);
  }
}
