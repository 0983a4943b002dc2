package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.redis.RedisConfig;
import dev.optimizer.redis.RedisConnection;
import dev.optimizer.redis.testing.RedisAvailableCondition;
import dev.optimizer.core.Optimizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of docs/cache.md, docs/redis.md and the README's cache quick start, compiled and
 * run; the regions between the tag markers are checked against README.md and docs/*.md by
 * optimizer-bench's ReadmeSnippetsCheckTest. L2 is the real Redis of {@code REDIS_URL}, in a database of
 * its own (9) so the snippets' fixed key names cannot touch other tests' data.
 */
@ExtendWith(RedisAvailableCondition.class)
class ReadmeCacheSnippetsTest {
  @TempDir
  Path cacheDir;

  private final String redisUrl = isolatedDatabase(RedisAvailableCondition.redisUrl());

  private static String isolatedDatabase(String url) {
    java.net.URI u = java.net.URI.create(url);
    return u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/")
        ? url.replaceAll("/$", "") + "/9" : url;
  }

  public static final class Address implements Serializable {
    private static final long serialVersionUID = 1L;
    final String city;

    Address(String city) {
      this.city = city;
    }
  }

  public static final class User implements Serializable {
    private static final long serialVersionUID = 1L;
    final String id;
    final String name;
    final Address address;

    User(String id, String name, Address address) {
      this.id = id;
      this.name = name;
      this.address = address;
    }
  }

  /** Counts what the cache could not answer. */
  static final class Repository {
    final AtomicInteger loads = new AtomicInteger();
    final List<Set<String>> bulkLoads = new ArrayList<>();

    User load(String id) {
      loads.incrementAndGet();
      return new User(id, "name of " + id, new Address("Lyon"));
    }

    Map<String, User> loadAll(Set<String> ids) {
      bulkLoads.add(Set.copyOf(ids));
      Map<String, User> out = new HashMap<>();
      ids.forEach(id -> out.put(id, new User(id, "bulk " + id, new Address("Oslo"))));
      return out;
    }
  }

  @Test
  void tieredCacheSnippet_readThroughBulkPutInvalidateStatsMetrics_asCommented() {
    Repository repository = new Repository();
    List<String> ids = List.of("user:1", "user:2", "user:42");
    User updated = new User("user:42", "renamed", new Address("Rome"));
    MeterRegistry meterRegistry = new SimpleMeterRegistry();

    // tag::tiered-cache[]
    TieredCache<String, User> users = TieredCache.<String, User>builder(CacheConfig.custom("users")
            .l1MaximumSize(50_000).l1ExpireAfterWrite(Duration.ofMinutes(5))
            .l2Ttl(Duration.ofHours(1)).l3Ttl(Duration.ofDays(1))
            .cacheNulls(true).nullTtl(Duration.ofSeconds(30))
            .build())
        .valueCodec(ValueCodec.javaSerialization(User.class, Address.class)) // allow-list, see below
        .l2(RedisTier.create(redisUrl, "users"))    // any ByteTier, optional; redisUrl e.g. redis://cache-host:6379
        .l3(MapDbConfig.custom(cacheDir.resolve("users.db")).maxEntries(1_000_000).build())
        .build();

    User u = users.get("user:42", id -> repository.load(id));       // read-through
    // end::tiered-cache[]
    try (users) {
      users.invalidateAll();  // Redis database 9 may hold a previous run's entries
      repository.loads.set(0);
      u = users.get("user:42", id -> repository.load(id));
      assertThat(u.name).isEqualTo("name of user:42");
      assertThat(users.get("user:42", id -> repository.load(id))).isSameAs(u);
      assertThat(repository.loads).as("loaded once, then served by L1").hasValue(1);
      // tag::tiered-cache[]
      Map<String, User> some = users.getAll(ids, missing -> repository.loadAll(missing)); // bulk per tier
      // end::tiered-cache[]
      assertThat(some).containsOnlyKeys(ids).containsEntry("user:42", u);
      assertThat(repository.bulkLoads).as("one bulk load of the misses only")
          .containsExactly(Set.of("user:1", "user:2"));
      // tag::tiered-cache[]
      users.put("user:42", updated);            // every tier; other nodes drop their L1 copy
      // end::tiered-cache[]
      assertThat(users.getIfPresent("user:42")).isSameAs(updated);
      // tag::tiered-cache[]
      users.invalidateAll("user:*");            // glob over keys, every tier and node
      // end::tiered-cache[]
      for (String id : ids) {
        assertThat(users.getIfPresent(id)).as(id).isNull();
      }
      // tag::tiered-cache[]
      users.stats().tier(Tier.L3).hitRate();
      users.metrics().bindTo(meterRegistry);    // optimizer.cache.* and Caffeine's cache.* (tier=L1)
      // end::tiered-cache[]
      assertThat(users.stats().tier(Tier.L3)).isNotNull();
      assertThat(users.stats().tier(Tier.L2)).isNotNull();
      assertThat(meterRegistry.getMeters()).extracting(m -> m.getId().getName())
          .anyMatch(n -> n.startsWith("optimizer.cache."))
          .anyMatch(n -> n.startsWith("cache."));
      assertThat(meterRegistry.getMeters())
          .filteredOn(m -> m.getId().getName().startsWith("cache."))
          .allMatch(m -> "L1".equals(m.getId().getTag("tier")));
    }
  }

  @Test
  void quickStartSnippet_readThroughWithL2_loadsOnceAndSharesThroughRedis() {
    Repository repository = new Repository();
    // tag::cache-quick[]
    TieredCache<String, User> users = TieredCache.<String, User>builder(CacheConfig.ofDefaults("users"))
        .valueCodec(ValueCodec.javaSerialization(User.class, Address.class)) // allow-list for L2/L3 values
        .l2(RedisTier.create(redisUrl, "users"))    // optional; needs optimizer-redis
        .build();
    User u = users.get("user:42", id -> repository.load(id));       // L1, then L2, then the loader
    // end::cache-quick[]
    try (users) {
      assertThat(users.get("user:42", id -> repository.load(id))).as("then served by L1").isSameAs(u);
      try (TieredCache<String, User> otherNode = TieredCache.<String, User>builder(CacheConfig.ofDefaults("users"))
          .valueCodec(ValueCodec.javaSerialization(User.class, Address.class))
          .l2(RedisTier.create(redisUrl, "users"))
          .build()) {
        User fromL2 = otherNode.get("user:42", id -> repository.load(id));
        assertThat(fromL2.address.city).as("read from Redis with its allowed classes").isEqualTo(u.address.city);
      }
      assertThat(repository.loads).as("L2 served the second node: at most one load").hasValueLessThanOrEqualTo(1);
      users.invalidate("user:42");
    }
  }

  public record Query(String name, int limit) {}

  // tag::cache-annotations[]
  public interface UserService {
    @CacheResult(cache = "users", ttl = "10m")
    User find(String id);

    @CacheResult(cache = "search", tiers = {Tier.L1, Tier.L3}, cacheNull = true)
    List<User> search(@CacheKey Query query, @CacheKey int page, String traceId);

    @CachePut(cache = "users")                      // always runs; find(id) then returns what it returned
    User rename(@CacheKey String id, String name);

    @CacheInvalidate(cache = "users")               // same key as find(id): only id is a key parameter
    void update(@CacheKey String id, User user);

    @CacheInvalidate(cache = "users", pattern = "{0}:*")
    void dropTenant(String tenant);

    @CacheInvalidate(cache = "users", all = true)
    void reload();
  }
  // end::cache-annotations[]

  public static class JdbcUserService implements UserService {
    static final Map<String, User> rows = new ConcurrentHashMap<>();
    static final AtomicInteger finds = new AtomicInteger();
    static final AtomicInteger searches = new AtomicInteger();
    static final AtomicInteger renames = new AtomicInteger();

    @Override
    public User find(String id) {
      finds.incrementAndGet();
      return rows.computeIfAbsent(id, k -> new User(k, "row " + k, new Address("Paris")));
    }

    @Override
    public List<User> search(Query query, int page, String traceId) {
      searches.incrementAndGet();
      return page > 1 ? null : List.of(new User(query.name(), "found", new Address("Riga")));
    }

    @Override
    public User rename(String id, String name) {
      renames.incrementAndGet();
      User renamed = new User(id, name, new Address("Paris"));
      rows.put(id, renamed);
      return renamed;
    }

    @Override
    public void update(String id, User user) {
      rows.put(id, user);
    }

    @Override
    public void dropTenant(String tenant) {}

    @Override
    public void reload() {}
  }

  @Test
  void annotationsSnippet_cachePutInvalidatePatternAll_asCommented() {
    JdbcUserService.rows.clear();
    JdbcUserService.finds.set(0);
    JdbcUserService.searches.set(0);
    JdbcUserService.renames.set(0);
    // tag::cache-annotations[]

    Optimizer optimizer = Optimizer.builder()
        .module(new CacheModule(CacheModuleConfig.custom()
            .template(CacheConfig.ofDefaults("template"))   // settings of caches created on first use
            .l2(name -> RedisTier.create(redisUrl, name))  // optional shared tier
            .l3Directory(cacheDir)                         // e.g. /var/cache/app: each cache gets <dir>/<name>.db
            .allow("com.acme.model.**")                    // serialization allow-list
            .build()))
        .build();
    UserService users = optimizer.proxy(UserService.class, new JdbcUserService()); // or optimizer.enhance(obj)
    // end::cache-annotations[]
    try (optimizer) {
      CacheModule module = optimizer.module(CacheModule.class);
      assertThat(module.keyMismatchWarnings()).as("the README's example keys consistently").isEmpty();
      users.reload();
      optimizer.module(CacheModule.class).cache("search").invalidateAll();
      String tenant = "t" + UUID.randomUUID();

      User first = users.find(tenant + ":1");
      assertThat(users.find(tenant + ":1")).isSameAs(first);
      assertThat(JdbcUserService.finds).hasValue(1);

      users.update(tenant + ":1", new User(tenant + ":1", "updated", new Address("Nice")));
      assertThat(users.find(tenant + ":1").name).as("update(id, user) dropped find(id)'s entry")
          .isEqualTo("updated");
      assertThat(JdbcUserService.finds).hasValue(2);

      User renamed = users.rename(tenant + ":1", "renamed");
      assertThat(users.rename(tenant + ":1", "renamed")).isNotSameAs(renamed);
      assertThat(JdbcUserService.renames).as("@CachePut always runs").hasValue(2);
      assertThat(users.find(tenant + ":1").name).isEqualTo("renamed");
      assertThat(JdbcUserService.finds).as("find(id) returned the put value").hasValue(2);

      users.find(tenant + ":2");
      users.find("other" + tenant + ":1");
      users.dropTenant(tenant);
      users.find(tenant + ":1");
      users.find(tenant + ":2");
      users.find("other" + tenant + ":1");
      assertThat(JdbcUserService.finds).as("the tenant's two keys reloaded, the other kept").hasValue(6);

      users.reload();
      users.find("other" + tenant + ":1");
      assertThat(JdbcUserService.finds).as("all = true dropped everything").hasValue(7);

      Query q = new Query(tenant, 10);
      users.search(q, 1, "trace-a");
      users.search(q, 1, "trace-b");
      assertThat(JdbcUserService.searches).as("traceId is not part of the key").hasValue(1);
      assertThat(users.search(q, 2, "trace-a")).isNull();
      assertThat(users.search(q, 2, "trace-c")).isNull();
      assertThat(JdbcUserService.searches).as("cacheNull = true cached the null page").hasValue(2);
      assertThat(module.cache("search").config().toString()).isNotEmpty();
      assertThat(cacheDir.resolve("search.db")).as("search uses L3 in <dir>/<name>.db").exists();
    }
  }

  @Test
  void redisTierSnippet_cacheOverTier_sharesValuesThroughRedisAndClosesTier() {
    String key = "user:" + UUID.randomUUID();
    // tag::redis-tier[]
    RedisConnection redis = RedisConnection.create(RedisConfig.custom()
        .uri(redisUrl)      // e.g. redis://app:secret@redis.internal:6379/0, or rediss://, redis-sentinel://, redis-cluster://
        .clientName("orders-service")
        .poolSize(64)                                       // one pool for every cache, job store and limiter
        .build());

    RedisTier l2 = RedisTier.create(redis, RedisTierConfig.custom()
        .cacheName("users")                                 // same name as the TieredCache
        .build());

    TieredCache<String, User> users = TieredCache.<String, User>builder(CacheConfig.ofDefaults("users"))
        .valueCodec(ValueCodec.javaSerialization(User.class))
        .l2(l2)                                             // the cache closes the view; the connection stays yours
        .build();
    // end::redis-tier[]
    User ada = new User(key, "Ada", null);
    try (users) {
      users.put(key, ada);
      try (TieredCache<String, User> otherNode = TieredCache.<String, User>builder(
              CacheConfig.ofDefaults("users"))
          .valueCodec(ValueCodec.javaSerialization(User.class))
          .l2(RedisTier.create(redisUrl, "users"))
          .build()) {
        assertThat(otherNode.getIfPresent(key)).as("read from Redis by another cache").isNotNull()
            .extracting(v -> v.name).isEqualTo("Ada");
        otherNode.invalidate(key);
      }
    }
    redis.close();
    assertThat(l2.toString()).contains("users");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> l2.get(key))
        .as("closing the cache closed its tier")
        .isInstanceOf(dev.optimizer.cache.spi.TierUnavailableException.class).hasMessageContaining("closed");
  }
}
