package dev.optimizer.lazy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/lazy.md ({@code Lazy<T>} also in the README's quick start), compiled and run; the
 * regions between the tag markers are checked against README.md and docs/*.md by optimizer-bench's
 * ReadmeSnippetsCheckTest.
 */
class ReadmeLazySnippetsTest {
  public record Config(Path source, Thread loadedOn) {
    static final AtomicInteger parses = new AtomicInteger();

    static Config parse(Path path) {
      parses.incrementAndGet();
      return new Config(path, Thread.currentThread());
    }
  }

  public record Rates(String currency, int version) {}

  private final Path path = Path.of("app.conf");
  private final AtomicInteger rateFetches = new AtomicInteger();

  private Rates fetchRates() {
    return new Rates("EUR", rateFetches.incrementAndGet());
  }

  // tag::lazy-value[]
  private final Lazy<Config> config = Lazy.of(() -> Config.parse(path));        // no TTL
  private final Lazy<Rates> rates = Lazy.builder()
          .ttl(Duration.ofMinutes(5)).name("rates").build(this::fetchRates);   // reload after 5 min

  // end::lazy-value[]

  @Test
  void lazySnippet_firstGet_loadsOnceOnCallingThread() {
    Config.parses.set(0);
    assertThat(config.isLoaded()).isFalse();
    assertThat(rateFetches).as("nothing loads before get()").hasValue(0);
    // tag::lazy-value[]
    Config c = config.get();      // first call loads on this thread; concurrent callers wait for that one load
    // end::lazy-value[]
    assertThat(c.loadedOn()).isSameAs(Thread.currentThread());
    assertThat(config.get()).isSameAs(c);
    assertThat(Config.parses).hasValue(1);
    assertThat(rates.get()).isSameAs(rates.get());
    assertThat(rateFetches).as("within its TTL, rates loads once").hasValue(1);
  }

  public record Catalog(List<String> items) {}

  public record Rules(int count) {}

  static final class CatalogDao {
    final AtomicInteger loads = new AtomicInteger();

    Catalog loadAll() {
      loads.incrementAndGet();
      return new Catalog(List.of("a", "b"));
    }
  }

  static final class RulesDao {
    final AtomicInteger loads = new AtomicInteger();

    Rules load() throws Exception {
      loads.incrementAndGet();
      return new Rules(3);
    }
  }

  @Test
  void registrySnippet_cachedAndPreloadLoaders_loadOnceAndPreload() {
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    CatalogDao catalogDao = new CatalogDao();
    RulesDao rulesDao = new RulesDao();
    // tag::lazy-registry[]
    try (LazyRegistry lazy = LazyRegistry.create(LazyConfig.custom()
            .preloadConcurrency(2).preloadLimit(50).build())) {
        lazy.metrics().bindTo(meterRegistry);  // optimizer.lazy.*; nothing is registered before this
        LazyLoader<Catalog> catalog = lazy.loader("catalog", catalogDao::loadAll)
                .strategy(LoadStrategy.CACHED).ttl(Duration.ofMinutes(10)).register();
        LazyLoader<Rules> rules = lazy.loader("rules", rulesDao::load)
                .strategy(LoadStrategy.PRELOAD).priority(Priority.CRITICAL).register();
        catalog.get();                       // or catalog.getAsync(), catalog.invalidate(), catalog.stats()
        // end::lazy-registry[]
        assertThat(catalog.get().items()).containsExactly("a", "b");
        assertThat(catalogDao.loads).hasValue(1);
        assertThat(catalog.getAsync().join()).isSameAs(catalog.get());
        assertThat(rules.get().count()).as("waits for the preload or loads, once").isEqualTo(3);
        assertThat(rulesDao.loads).hasValue(1);
        assertThat(catalog.stats()).isNotNull();
        catalog.invalidate();
        catalog.get();
        assertThat(catalogDao.loads).hasValue(2);
        assertThat(meterRegistry.find("optimizer.lazy.loads").meters()).isNotEmpty();
        // tag::lazy-registry[]
    }
    // end::lazy-registry[]
  }

  public record Banner(int version) {}

  // tag::lazy-annotations[]
  public interface SettingsService {
      @LazyLoad String config();                                   // lazy property: computed once
      @LazyLoad(ttl = "10m") Rates rates(String currency);         // memoized per argument values
      @LazyLoad(ttl = "30s", strategy = LoadStrategy.CACHED) Banner banner(); // stale-while-revalidate
  }
  // end::lazy-annotations[]

  public static class DbSettingsService implements SettingsService {
    final AtomicInteger configs = new AtomicInteger();
    final AtomicInteger rateCalls = new AtomicInteger();
    final AtomicInteger banners = new AtomicInteger();

    @Override
    public String config() {
      return "config#" + configs.incrementAndGet();
    }

    @Override
    public Rates rates(String currency) {
      return new Rates(currency, rateCalls.incrementAndGet());
    }

    @Override
    public Banner banner() {
      return new Banner(banners.incrementAndGet());
    }
  }

  @Test
  void annotationsSnippet_proxiedService_computesOncePerArguments() {
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build()) {
      DbSettingsService db;
      // tag::lazy-annotations[]
      SettingsService fast = optimizer.proxy(SettingsService.class, new DbSettingsService()); // or enhance(obj)
      // end::lazy-annotations[]
      db = new DbSettingsService();
      SettingsService counted = optimizer.proxy(SettingsService.class, db);
      assertThat(fast.config()).isEqualTo(fast.config());
      assertThat(counted.config()).isEqualTo("config#1");
      assertThat(counted.config()).isEqualTo("config#1");
      assertThat(counted.rates("EUR")).isSameAs(counted.rates("EUR"));
      assertThat(counted.rates("USD").currency()).isEqualTo("USD");
      assertThat(db.rateCalls).as("one call per distinct argument").hasValue(2);
      assertThat(counted.banner()).isEqualTo(counted.banner());
      assertThat(db.banners).hasValue(1);
    }
  }
}
