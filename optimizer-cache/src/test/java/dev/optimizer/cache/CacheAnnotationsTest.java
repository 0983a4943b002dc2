package dev.optimizer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.testing.FakeTicker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheAnnotationsTest {
  @TempDir
  Path dir;

  private final FakeTicker ticker = new FakeTicker();
  private Optimizer optimizer;

  @AfterEach
  void close() {
    if (optimizer != null) {
      optimizer.close();
    }
  }

  private Optimizer optimizer(CacheModuleConfig config) {
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build())
        .ticker(ticker).module(new CacheModule(config)).build();
    return optimizer;
  }

  enum Region { EU, US }

  record Query(String name, Region region, List<Integer> pages) {}

  public interface Users {
    @CacheResult(cache = "users")
    String find(String id) throws IOException;

    @CacheResult(cache = "users", ttl = "10s")
    String findShortLived(@CacheKey String id, String ignoredTraceId);

    @CacheResult(cache = "search")
    String search(int limit, Query query, UUID tenant);

    @CacheResult(cache = "users", cacheNull = true)
    String maybe(String id);

    @CacheInvalidate(cache = "users")
    void update(String id);

    @CacheInvalidate(cache = "users", pattern = "{0}*")
    void dropPrefix(String prefix);

    @CacheInvalidate(cache = "users", all = true)
    void dropAll();

    String plain(String id);
  }

  public static class CountingUsers implements Users {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String find(String id) throws IOException {
      calls.incrementAndGet();
      if (id.equals("io")) {
        throw new IOException("disk");
      }
      return "user-" + id + "-" + calls.get();
    }

    @Override
    public String findShortLived(String id, String ignoredTraceId) {
      calls.incrementAndGet();
      return "short-" + id + "-" + calls.get();
    }

    @Override
    public String search(int limit, Query query, UUID tenant) {
      calls.incrementAndGet();
      return limit + query.name() + calls.get();
    }

    @Override
    public String maybe(String id) {
      calls.incrementAndGet();
      return null;
    }

    @Override
    public void update(String id) {}

    @Override
    public void dropPrefix(String prefix) {}

    @Override
    public void dropAll() {}

    @Override
    public String plain(String id) {
      calls.incrementAndGet();
      return id;
    }
  }

  @Test
  void proxy_cacheResult_secondCallServedFromCache() throws Exception {
    CountingUsers target = new CountingUsers();
    Users users = optimizer(CacheModuleConfig.ofDefaults()).proxy(Users.class, target);
    assertThat(users.find("1")).isEqualTo("user-1-1");
    assertThat(users.find("1")).isEqualTo("user-1-1");
    assertThat(users.find("2")).isEqualTo("user-2-2");
    assertThat(target.calls).hasValue(2);
    users.plain("x");
    users.plain("x");
    assertThat(target.calls).hasValue(4);
    assertThat(optimizer.module(CacheModule.class).cacheNames()).contains("users", "search");
  }

  @Test
  void proxy_cacheInvalidate_keyPatternAndAll() throws Exception {
    CountingUsers target = new CountingUsers();
    Users users = optimizer(CacheModuleConfig.ofDefaults()).proxy(Users.class, target);
    users.find("a1");
    users.find("a2");
    users.find("b1");
    users.update("a1");
    assertThat(users.find("a1")).isEqualTo("user-a1-4");
    users.dropPrefix("a");
    assertThat(users.find("a2")).isEqualTo("user-a2-5");
    assertThat(users.find("b1")).isEqualTo("user-b1-3");
    users.dropAll();
    assertThat(users.find("b1")).isEqualTo("user-b1-6");
  }

  @Test
  void proxy_checkedExceptionFromMethod_reachesCallerUnchangedAndNotCached() {
    CountingUsers target = new CountingUsers();
    Users users = optimizer(CacheModuleConfig.ofDefaults()).proxy(Users.class, target);
    assertThatThrownBy(() -> users.find("io")).isInstanceOf(IOException.class).hasMessage("disk");
    assertThatThrownBy(() -> users.find("io")).isInstanceOf(IOException.class);
    assertThat(target.calls).hasValue(2);
  }

  @Test
  void proxy_ttlAndCacheKey_onlyMarkedParameterKeysAndEntryExpires() {
    CountingUsers target = new CountingUsers();
    Users users = optimizer(CacheModuleConfig.ofDefaults()).proxy(Users.class, target);
    assertThat(users.findShortLived("7", "trace-a")).isEqualTo("short-7-1");
    assertThat(users.findShortLived("7", "trace-b")).isEqualTo("short-7-1");
    ticker.advance(Duration.ofSeconds(11));
    assertThat(users.findShortLived("7", "trace-c")).isEqualTo("short-7-2");
  }

  public interface MicroTtl {
    @CacheResult(cache = "micro", ttl = "500us")
    String find(String id);
  }

  // Issue 12: @CacheResult(ttl = "500us") was rejected while @LazyLoad accepted it; one grammar now.
  @Test
  void proxy_microsecondTtl_acceptedAndEntryExpires() {
    AtomicInteger calls = new AtomicInteger();
    MicroTtl micro = optimizer(CacheModuleConfig.ofDefaults()).proxy(MicroTtl.class,
        id -> id + "-" + calls.incrementAndGet());
    assertThat(micro.find("a")).isEqualTo("a-1");
    assertThat(micro.find("a")).isEqualTo("a-1");
    ticker.advance(Duration.ofMillis(1));
    assertThat(micro.find("a")).isEqualTo("a-2");
  }

  @Test
  void proxy_compositeKey_stableCanonicalString() {
    CountingUsers target = new CountingUsers();
    Users users = optimizer(CacheModuleConfig.ofDefaults()).proxy(Users.class, target);
    UUID tenant = UUID.fromString("00000000-0000-0000-0000-000000000042");
    users.search(10, new Query("a,b", Region.EU, List.of(1, 2)), tenant);
    TieredCache<String, Object> search = optimizer.module(CacheModule.class).cache("search");
    assertThat(search.getIfPresent("10,Query(a\\,b,EU,[1,2]),00000000-0000-0000-0000-000000000042"))
        .isEqualTo("10a,b1");
  }

  @Test
  void proxy_nullResultWithCacheNull_cached() {
    CountingUsers target = new CountingUsers();
    Users users = optimizer(CacheModuleConfig.ofDefaults()).proxy(Users.class, target);
    assertThat(users.maybe("x")).isNull();
    assertThat(users.maybe("x")).isNull();
    assertThat(target.calls).hasValue(1);
  }

  public static class Catalog {
    final AtomicInteger calls = new AtomicInteger();

    @CacheResult(cache = "catalog", tiers = {Tier.L1, Tier.L3})
    public String price(long sku) {
      calls.incrementAndGet();
      return "price-" + sku;
    }

    @CacheInvalidate(cache = "catalog")
    public void reprice(long sku) {}
  }

  @Test
  void enhance_cacheResultWithL3_cachedAndSurvivesModuleRestart() {
    Path l3 = dir.resolve("l3");
    Catalog target = new Catalog();
    Catalog catalog = optimizer(CacheModuleConfig.custom().l3Directory(l3).build()).enhance(target);
    assertThat(catalog.price(5)).isEqualTo("price-5");
    assertThat(catalog.price(5)).isEqualTo("price-5");
    assertThat(target.calls).hasValue(1);
    catalog.reprice(5);
    assertThat(catalog.price(5)).isEqualTo("price-5");
    assertThat(target.calls).hasValue(2);
    optimizer.close();

    Catalog second = new Catalog();
    Catalog again = optimizer(CacheModuleConfig.custom().l3Directory(l3).build()).enhance(second);
    assertThat(again.price(5)).isEqualTo("price-5");
    assertThat(second.calls).as("served from L3 after restart").hasValue(0);
  }

  public interface Bad {
    @CacheResult(cache = "bad")
    String find(String ok, Object noStableForm);
  }

  public interface BadTtl {
    @CacheResult(cache = "bad", ttl = "soon")
    String find(String id);
  }

  public interface BadVoid {
    @CacheResult(cache = "bad")
    void run(String id);
  }

  @Test
  void proxy_parameterWithoutStableForm_rejectedNamingMethodAndParameter() {
    Optimizer o = optimizer(CacheModuleConfig.ofDefaults());
    assertThatThrownBy(() -> o.proxy(Bad.class, (a, b) -> "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad.find")
        .hasMessageContaining("parameter 1")
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> o.proxy(BadTtl.class, id -> "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl").hasMessageContaining("soon");
    assertThatThrownBy(() -> o.proxy(BadVoid.class, id -> {})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("void");
  }

  @Test
  void serviceLoader_discoversCacheModule() {
    try (Optimizer o = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build()) {
      CacheModule m = o.module(CacheModule.class);
      assertThat(m.name()).isEqualTo("cache");
      assertThat(m.order()).isEqualTo(100);
      assertThat(m.feature()).contains(dev.optimizer.core.Feature.CACHE);
    }
  }

  @Test
  void register_ownCache_usedByAnnotationsAndDuplicateRejected() throws Exception {
    Optimizer o = optimizer(CacheModuleConfig.ofDefaults());
    CacheModule module = o.module(CacheModule.class);
    TieredCache<String, Object> mine = TieredCache.<String, Object>builder("users").build();
    module.register(mine);
    CountingUsers target = new CountingUsers();
    Users users = o.proxy(Users.class, target);
    mine.put("preset", "from-register");
    assertThat(users.find("preset")).isEqualTo("from-register");
    assertThat(target.calls).hasValue(0);
    assertThatThrownBy(() -> module.register(TieredCache.builder("users").build()))
        .isInstanceOf(IllegalStateException.class);
    mine.close();
  }
}
