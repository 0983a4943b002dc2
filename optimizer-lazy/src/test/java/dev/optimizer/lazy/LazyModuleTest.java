package dev.optimizer.lazy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.Feature;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.SystemSample;
import dev.optimizer.core.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LazyModuleTest {
  private final FakeTicker ticker = new FakeTicker();
  private final List<Optimizer> optimizers = new ArrayList<>();

  @AfterEach
  void close() {
    optimizers.forEach(Optimizer::close);
  }

  private Optimizer optimizer(boolean lazyEnabled) {
    Optimizer o = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).feature(Feature.LAZY, lazyEnabled).build())
        .sampleSource(() -> new SystemSample(Instant.EPOCH, Map.of(), 0))
        .module(new LazyModule(LazyConfig.custom().ticker(ticker).memoizeMaximumSize(100).build()))
        .build();
    optimizers.add(o);
    return o;
  }

  public interface Settings {
    @LazyLoad
    String config();

    @LazyLoad(ttl = "10s")
    int version();

    @LazyLoad(ttl = "1m", strategy = LoadStrategy.CACHED)
    String banner();

    @LazyLoad
    String user(int id, String region);

    @LazyLoad
    int sum(int[] values);

    @LazyLoad
    String read() throws IOException;

    @LazyLoad
    @Nullable String nothing();

    String plain();
  }

  public static class SettingsImpl implements Settings {
    final AtomicInteger configCalls = new AtomicInteger();
    final AtomicInteger versionCalls = new AtomicInteger();
    final AtomicInteger bannerCalls = new AtomicInteger();
    final AtomicInteger userCalls = new AtomicInteger();
    final AtomicInteger sumCalls = new AtomicInteger();
    final AtomicInteger readCalls = new AtomicInteger();
    final AtomicInteger nothingCalls = new AtomicInteger();
    final AtomicInteger plainCalls = new AtomicInteger();

    @Override
    public String config() {
      configCalls.incrementAndGet();
      return "cfg";
    }

    @Override
    public int version() {
      return versionCalls.incrementAndGet();
    }

    @Override
    public String banner() {
      return "banner" + bannerCalls.incrementAndGet();
    }

    @Override
    public String user(int id, String region) {
      userCalls.incrementAndGet();
      return id + "@" + region;
    }

    @Override
    public int sum(int[] values) {
      sumCalls.incrementAndGet();
      int s = 0;
      for (int v : values) {
        s += v;
      }
      return s;
    }

    @Override
    public String read() throws IOException {
      if (readCalls.incrementAndGet() == 1) {
        throw new IOException("disk");
      }
      return "data";
    }

    @Override
    public @Nullable String nothing() {
      nothingCalls.incrementAndGet();
      return null;
    }

    @Override
    public String plain() {
      return "plain" + plainCalls.incrementAndGet();
    }
  }

  @Test
  void proxy_noArgMethod_isLazyPropertyComputedOnceUnderContention() throws Exception {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CyclicBarrier start = new CyclicBarrier(16);
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        all.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          return s.config();
        }));
      }
      for (Future<String> f : all) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("cfg");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(target.configCalls).hasValue(1);
    assertThat(s.plain()).isEqualTo("plain1");
    assertThat(s.plain()).isEqualTo("plain2");
  }

  @Test
  void proxy_argsMethod_memoizedPerArgumentValues() {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);

    assertThat(s.user(1, "eu")).isEqualTo("1@eu");
    assertThat(s.user(1, "eu")).isEqualTo("1@eu");
    assertThat(s.user(2, "eu")).isEqualTo("2@eu");
    assertThat(s.user(1, "us")).isEqualTo("1@us");
    assertThat(target.userCalls).hasValue(3);

    assertThat(s.sum(new int[] {1, 2, 3})).isEqualTo(6);
    assertThat(s.sum(new int[] {1, 2, 3})).isEqualTo(6); // arrays compared by content
    assertThat(target.sumCalls).hasValue(1);
  }

  @Test
  void proxy_argsMethod_boundedByMemoizeMaximumSize() {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);
    for (int i = 0; i < 1000; i++) {
      s.user(i, "eu");
    }
    for (int i = 0; i < 1000; i++) {
      s.user(i, "eu");
    }

    // memoizeMaximumSize is 100: at most ~100 of the 1000 results can have been kept for the second pass
    assertThat(target.userCalls.get()).isBetween(1000 + 850, 2000);
    LazyModule module = optimizers.get(0).module(LazyModule.class);
    assertThat(module.methodStats().get("method:SettingsImpl.user/2").loads())
        .isEqualTo(target.userCalls.get());
  }

  @Test
  void proxy_methodThrowsChecked_sameExceptionReachesCallerAndIsNotMemoized() throws Exception {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);

    assertThatThrownBy(s::read).isExactlyInstanceOf(IOException.class).hasMessage("disk");
    assertThat(s.read()).isEqualTo("data");
    assertThat(s.read()).isEqualTo("data");
    assertThat(target.readCalls).hasValue(2);
  }

  @Test
  void proxy_nullResult_isMemoized() {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);

    assertThat(s.nothing()).isNull();
    assertThat(s.nothing()).isNull();
    assertThat(target.nothingCalls).hasValue(1);
  }

  @Test
  void proxy_ttl_recomputesAfterTtlOnFakeTicker() {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);

    assertThat(s.version()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(s.version()).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(s.version()).isEqualTo(2);
  }

  @Test
  void proxy_cachedStrategy_servesStaleThenRefreshed() {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(true).proxy(Settings.class, target);

    assertThat(s.banner()).isEqualTo("banner1");
    ticker.advance(Duration.ofMinutes(1));
    assertThat(s.banner()).isEqualTo("banner1");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> s.banner().equals("banner2"));
    assertThat(target.bannerCalls).hasValue(2);
  }

  @Test
  void proxy_twoTargets_keepSeparateValues() {
    Optimizer o = optimizer(true);
    SettingsImpl a = new SettingsImpl();
    SettingsImpl b = new SettingsImpl();
    Settings pa = o.proxy(Settings.class, a);
    Settings pb = o.proxy(Settings.class, b);

    assertThat(pa.version()).isEqualTo(1);
    assertThat(pb.version()).isEqualTo(1);
    assertThat(a.versionCalls).hasValue(1);
    assertThat(b.versionCalls).hasValue(1);
  }

  public static class Report {
    final AtomicInteger builds = new AtomicInteger();

    @LazyLoad
    public String render() {
      return "report" + builds.incrementAndGet();
    }

    @LazyLoad(ttl = "PT1S")
    public String square(int n) {
      builds.incrementAndGet();
      return Integer.toString(n * n);
    }
  }

  @Test
  void enhance_annotatedClassMethods_areLazy() {
    Report target = new Report();
    Report r = optimizer(true).enhance(target);

    assertThat(r.render()).isEqualTo("report1");
    assertThat(r.render()).isEqualTo("report1");
    assertThat(r.square(3)).isEqualTo("9");
    assertThat(r.square(3)).isEqualTo("9");
    assertThat(target.builds).hasValue(2);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(r.square(3)).isEqualTo("9");
    assertThat(target.builds).hasValue(3);
  }

  @Test
  void proxy_featureOff_callsGoStraightToTarget() {
    SettingsImpl target = new SettingsImpl();
    Settings s = optimizer(false).proxy(Settings.class, target);

    s.config();
    s.config();
    assertThat(target.configCalls).hasValue(2);
  }

  public interface BadVoid {
    @LazyLoad
    void run();
  }

  public interface BadTtl {
    @LazyLoad(ttl = "soon")
    String value();
  }

  public interface BadPreload {
    @LazyLoad(strategy = LoadStrategy.PRELOAD)
    String value();
  }

  public interface BadCached {
    @LazyLoad(strategy = LoadStrategy.CACHED)
    String value();
  }

  public interface BadLazyTtl {
    @LazyLoad(ttl = "5s", strategy = LoadStrategy.LAZY)
    String value();
  }

  @Test
  void proxy_unusableAnnotations_rejectedNamingTheMethod() {
    Optimizer o = optimizer(true);
    assertThatThrownBy(() -> o.proxy(BadVoid.class, () -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run").hasMessageContaining("void");
    assertThatThrownBy(() -> o.proxy(BadTtl.class, () -> "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value").hasMessageContaining("soon");
    assertThatThrownBy(() -> o.proxy(BadPreload.class, () -> "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRELOAD");
    assertThatThrownBy(() -> o.proxy(BadCached.class, () -> "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CACHED needs a ttl");
    assertThatThrownBy(() -> o.proxy(BadLazyTtl.class, () -> "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAZY");
  }

  @Test
  void build_serviceLoader_findsLazyModuleWithFeatureAndOrder() {
    try (Optimizer o = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).build())
        .sampleSource(() -> new SystemSample(Instant.EPOCH, Map.of(), 0)).build()) {
      LazyModule m = o.module(LazyModule.class);
      assertThat(m.name()).isEqualTo("lazy");
      assertThat(m.feature()).contains(Feature.LAZY);
      assertThat(m.order()).isEqualTo(200);
      assertThat(m.registry().config()).isEqualTo(LazyConfig.ofDefaults());
      assertThat(o.stats().tunables()).contains("lazy.default.preload");
    }
  }

  @Test
  void start_configWithoutTicker_usesOptimizersTicker() {
    FakeTicker optimizerTicker = new FakeTicker();
    Optimizer o = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).build())
        .ticker(optimizerTicker).discoverModules(false).module(new LazyModule(LazyConfig.ofDefaults())).build();
    optimizers.add(o);
    assertThat(o.module(LazyModule.class).registry().config().ticker()).isSameAs(optimizerTicker);
  }

  @Test
  void start_configWithOwnTicker_keepsIt() {
    Optimizer o = Optimizer.builder()
        .config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
            .level(OptimizationLevel.NONE).build())
        .ticker(new FakeTicker()).discoverModules(false)
        .module(new LazyModule(LazyConfig.custom().ticker(ticker).build())).build();
    optimizers.add(o);
    assertThat(o.module(LazyModule.class).registry().config().ticker()).isSameAs(ticker);
  }
}
